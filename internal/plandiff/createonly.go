package plandiff

import (
	"regexp"
	"strings"

	"github.com/aksplatform/platform/internal/typetoken"
)

// CreateOnly is the one list of inputs that Azure (or the Pulumi provider) cannot change on an
// existing resource: a change of any of them needs a new resource, so the diff calls it a
// replacement. Keys are type tokens without an azure-native API version (typetoken.Base);
// paths use [*] for any list index and match the input itself and everything below it. The
// inputs every azure-native resource shares are in azureIdentity.
//
// Sources, per entry:
//   - ManagedCluster networkProfile.serviceCidr, dnsServiceIP: fixed at creation; AKS offers no
//     update for them (learn.microsoft.com/azure/aks/configure-azure-cni: "plan IP addressing";
//     the managed clusters REST reference lists no update path).
//   - Node pools (inline agentPoolProfiles and AgentPool): vmSize, osType, osDiskType,
//     osDiskSizeGB, maxPods, availabilityZones and vnetSubnetID are set when the pool is created;
//     a different VM size needs a new pool (learn.microsoft.com/azure/aks/manage-node-pools,
//     "Limitations": the VM size of a node pool cannot be changed after creation;
//     learn.microsoft.com/azure/aks/availability-zones: zones are chosen at pool creation).
//   - AFDCustomDomain hostName: the domain is the resource
//     (learn.microsoft.com/rest/api/frontdoor/azurefrontdoorstandardpremium/afd-custom-domains).
//   - PublicIPAddress sku.name and zones: fixed at creation
//     (learn.microsoft.com/azure/virtual-network/ip-services/public-ip-addresses).
//   - Kubernetes objects (any kind, not listed): metadata.name and metadata.namespace identify
//     the object (kubernetes.io/docs/concepts/overview/working-with-objects/names).
//   - random:RandomPassword: every input is a keeper; any change makes a new password
//     (the random provider's documentation).
//
// Not here, on purpose: a VNet's address space and a subnet's prefix (updated in place:
// learn.microsoft.com/azure/virtual-network/manage-virtual-network), a pool's count, min/max
// count and orchestratorVersion (scaled and upgraded in place), kubernetesVersion.
var CreateOnly = map[string][]string{
	"azure-native:containerservice:ManagedCluster": {
		"networkProfile.serviceCidr", "networkProfile.dnsServiceIP",
		"agentPoolProfiles[*].name", "agentPoolProfiles[*].vmSize", "agentPoolProfiles[*].osType",
		"agentPoolProfiles[*].osDiskType", "agentPoolProfiles[*].osDiskSizeGB", "agentPoolProfiles[*].maxPods",
		"agentPoolProfiles[*].availabilityZones", "agentPoolProfiles[*].vnetSubnetID",
	},
	"azure-native:containerservice:AgentPool": {
		"vmSize", "osType", "osDiskType", "osDiskSizeGB", "maxPods", "availabilityZones", "vnetSubnetID",
	},
	"azure-native:cdn:AFDCustomDomain":           {"hostName"},
	"azure-native:network:PublicIPAddress":       {"sku.name", "zones"},
	"random:index/randomPassword:RandomPassword": {"*"},
}

// azureIdentity are the inputs that make an azure-native resource's ID: its location and the
// path parameters of its ARM ID (the resource group and every top-level input named *Name,
// such as vaultName, agentPoolName or the parent's resourceName). ARM cannot move a resource
// to another region or rename it (learn.microsoft.com/azure/azure-resource-manager/management/
// move-resource-group-and-subscription: a region move is a new resource), so a change is a new
// resource. hostName is a body property despite its name.
func azureIdentity(path string) bool {
	top, _, _ := strings.Cut(path, ".")
	top, _, _ = strings.Cut(top, "[")
	switch {
	case top == "location", top == "resourceName":
		return true
	case top == "hostName":
		return false
	}
	return strings.HasSuffix(top, "Name") && !strings.Contains(path, ".")
}

var index = regexp.MustCompile(`\[\d+\]`)

// replaces reports whether a change of the input at path makes the resource of type token a
// new one.
func replaces(token, path string) bool {
	base := typetoken.Base(token)
	pkg, _, _ := typetoken.Split(base)
	if pkg == "azure-native" && azureIdentity(path) {
		return true
	}
	generic := index.ReplaceAllString(path, "[*]")
	for _, p := range CreateOnly[base] {
		if p == "*" || generic == p || strings.HasPrefix(generic, p+".") || strings.HasPrefix(generic, p+"[") ||
			strings.HasPrefix(p, generic+".") || strings.HasPrefix(p, generic+"[") {
			return true
		}
	}
	// Kubernetes objects of any kind are identified by name and namespace.
	if pkg == "kubernetes" && (generic == "metadata.name" || generic == "metadata.namespace") {
		return true
	}
	return false
}
