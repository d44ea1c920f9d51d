package aks

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/rbac"
)

const roleAssignmentType = "azure-native:authorization:RoleAssignment"

// TestControlPlaneGrants checks every role the control plane identity gets, by scope and role:
// a private cluster with our custom zone adds Network Contributor on the spoke VNet (AKS links
// the zone to it itself) and Private DNS Zone Contributor on the zone alone, and the cluster
// waits for all of them.
func TestControlPlaneGrants(t *testing.T) {
	for _, tc := range []struct {
		name    string
		private bool
		want    map[string][2]string // assignment name -> scope, role
	}{
		{"public", false, map[string][2]string{
			"x-subnet-network-contributor": {subnetID, string(rbac.NetworkContributor)},
			"x-routes-network-contributor": {routeTable, string(rbac.NetworkContributor)},
		}},
		{"private with custom zone", true, map[string][2]string{
			"x-subnet-network-contributor": {subnetID, string(rbac.NetworkContributor)},
			"x-routes-network-contributor": {routeTable, string(rbac.NetworkContributor)},
			"x-vnet-network-contributor":   {spokeVNet, string(rbac.NetworkContributor)},
			"x-dns-zone-contributor":       {"zone", string(rbac.PrivateDNSZoneContributor)},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := devArgs()
			a.Spec.PrivateCluster = tc.private
			r := runCluster(t, "x", a)
			mc := find(t, r.g, ManagedClusterType, "x-aks")
			principal := find(t, r.g, "azure-native:managedidentity:UserAssignedIdentity", "x-identity").Outputs["principalId"].StringValue()
			got := map[string][2]string{}
			for _, ra := range r.g.ByType(roleAssignmentType) {
				if ra.String("principalId") != principal {
					continue
				}
				scope := ra.String("scope")
				if tc.private && ra.Name == "x-dns-zone-contributor" {
					zone := find(t, r.g, "azure-native:network:PrivateZone", "x-api-dns-zone")
					assert.Equal(t, zone.ID, scope, "the zone role is scoped to the zone, not its resource group")
					scope = "zone"
				}
				role := ""
				for _, name := range rbac.Roles() {
					if strings.HasSuffix(ra.String("roleDefinitionId"), "/"+rbac.Role(name).GUID()) {
						role = name
					}
				}
				got[ra.Name] = [2]string{scope, role}
				assert.Contains(t, mc.Dependencies, ra.URN, "the cluster waits for %s", ra.Name)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestDeployerGetsClusterAdminBeforeKubernetes checks the deploying identity's AKS RBAC role:
// the Pulumi principal from the client config by default, the configured group otherwise, on
// the cluster's scope, and the Kubernetes provider is created only after it.
func TestDeployerGetsClusterAdminBeforeKubernetes(t *testing.T) {
	const group = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"
	for _, tc := range []struct {
		name, group, principalType string
	}{
		{"the principal running Pulumi", "", ""},
		{"a deployer group", group, "Group"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := devArgs()
			a.Spec.DeployerGroupObjectID = tc.group
			r := runCluster(t, "dev-weu", a)
			mc := find(t, r.g, ManagedClusterType, "dev-weu-aks")
			ra := find(t, r.g, roleAssignmentType, "dev-weu-deployer-cluster-admin")
			assert.Equal(t, mc.ID, ra.String("scope"), "scoped to the cluster only")
			assert.Equal(t, rbac.DefinitionID(rbac.AKSRBACClusterAdmin, mc.ID), ra.String("roleDefinitionId"))
			if tc.group != "" {
				assert.Equal(t, tc.group, ra.String("principalId"))
			} else {
				assert.NotEmpty(t, ra.String("principalId"), "the client config's object ID")
			}
			assertInputs(t, ra, map[string]any{"principalType": nilIfEmpty(tc.principalType)})
			prov := find(t, r.g, "pulumi:providers:kubernetes", "dev-weu-k8s")
			assert.Contains(t, prov.Dependencies, ra.URN, "Kubernetes resources wait for the grant through the provider")
			require.NotNil(t, r.c.DeployerAccess)
		})
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
