package ingress

import (
	"strings"
	"testing"

	"github.com/aksplatform/platform/components/rbac"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	tGateway  = "azure-native:network:ApplicationGateway"
	tWAF      = "azure-native:network:WebApplicationFirewallPolicy"
	tPIP      = "azure-native:network:PublicIPAddress"
	tIdentity = "azure-native:managedidentity:UserAssignedIdentity"
	tFIC      = "azure-native:managedidentity:FederatedIdentityCredential"
	tRole     = "azure-native:authorization:RoleAssignment"
	tRelease  = "kubernetes:helm.sh/v3:Release"
	tNS       = "kubernetes:core/v1:Namespace"
	tIssuer   = "kubernetes:cert-manager.io/v1:ClusterIssuer"
)

func TestAGIC(t *testing.T) {
	cases := []struct {
		name       string
		production bool
		minCap     int
		zones      []string
		mode       string
	}{
		{"prod", true, 2, []string{"1", "2", "3"}, WAFPrevention},
		{"dev", false, 0, nil, WAFDetection},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g, res, err := runController(t, func(p pulumi.ProviderResource) *Args {
				return fullArgs(spec(ControllerAGIC, tc.production, nil), tc.production, p)
			})
			require.NoError(t, err)
			root := one(t, g, "aksplatform:ingress:AGIC")
			assert.Equal(t, "weu-ingress", root.Name)
			assertTree(t, g, root)

			pip := one(t, g, tPIP)
			assert.Equal(t, "Standard", pip.String("sku.name"))
			assert.Equal(t, "Static", pip.String("publicIPAllocationMethod"))
			assert.Equal(t, tc.zones, stringList(pip, "zones"))

			waf := one(t, g, tWAF)
			assert.Equal(t, "Enabled", waf.String("policySettings.state"))
			assert.Equal(t, tc.mode, waf.String("policySettings.mode"))
			assert.Equal(t, "Microsoft_DefaultRuleSet", waf.String("managedRules.managedRuleSets[0].ruleSetType"))
			assert.Equal(t, "2.1", waf.String("managedRules.managedRuleSets[0].ruleSetVersion"))

			gw := one(t, g, tGateway)
			gwID := "/subscriptions/" + testSubscription + "/resourceGroups/" + testRG +
				"/providers/Microsoft.Network/applicationGateways/weu-ingress-appgw"
			assert.Equal(t, "weu-ingress-appgw", gw.String("applicationGatewayName"))
			assert.Equal(t, "WAF_v2", gw.String("sku.name"))
			assert.Equal(t, "WAF_v2", gw.String("sku.tier"))
			assert.Equal(t, tc.minCap, number(gw, "autoscaleConfiguration.minCapacity"))
			assert.Equal(t, 10, number(gw, "autoscaleConfiguration.maxCapacity"))
			assert.Equal(t, tc.zones, stringList(gw, "zones"))
			assert.Equal(t, waf.ID, gw.String("firewallPolicy.id"))
			assert.Equal(t, "Predefined", gw.String("sslPolicy.policyType"))
			assert.Equal(t, "AppGwSslPolicy20220101S", gw.String("sslPolicy.policyName"))
			assert.Equal(t, testSubnetID, gw.String("gatewayIPConfigurations[0].subnet.id"))
			assert.Equal(t, pip.ID, gw.String("frontendIPConfigurations[0].publicIPAddress.id"))
			assert.Equal(t, gwID+"/frontendIPConfigurations/public-frontend", gw.String("httpListeners[0].frontendIPConfiguration.id"))
			assert.Equal(t, gwID+"/httpListeners/bootstrap-listener", gw.String("requestRoutingRules[0].httpListener.id"))
			assert.Equal(t, gwID+"/backendAddressPools/bootstrap-pool", gw.String("requestRoutingRules[0].backendAddressPool.id"))
			assert.Equal(t, gw.ID, gwID, "the precomputed ID matches the mock's")

			id := one(t, g, tIdentity)
			fic := one(t, g, tFIC)
			assert.Equal(t, "system:serviceaccount:ingress-azure:ingress-azure", fic.String("subject"))
			assert.Equal(t, testIssuer, fic.String("issuer"))
			assert.Equal(t, []string{"api://AzureADTokenExchange"}, stringList(fic, "audiences"))
			assert.Equal(t, id.Outputs["name"].StringValue(), fic.String("resourceName"))

			principal := id.Outputs["principalId"].StringValue()
			rgID := "/subscriptions/" + testSubscription + "/resourceGroups/" + testRG
			want := map[string]rbac.Role{gw.ID: rbac.Contributor, rgID: rbac.Reader, testSubnetID: rbac.NetworkContributor}
			roles := g.ByType(tRole)
			require.Len(t, roles, len(want))
			for _, ra := range roles {
				role, ok := want[ra.String("scope")]
				require.True(t, ok, "unexpected role assignment scope %s", ra.String("scope"))
				assert.True(t, strings.HasSuffix(ra.String("roleDefinitionId"), role.GUID()), "%s grants %s", ra.Name, role)
				assert.Equal(t, principal, ra.String("principalId"))
			}

			k8s := one(t, g, "pulumi:providers:kubernetes")
			rel := g.Find(tRelease, "weu-ingress")
			require.NotNil(t, rel)
			assert.True(t, usesProvider(rel, k8s), "release uses the cluster provider")
			assert.Equal(t, AGICChart, rel.String("chart"))
			assert.Equal(t, DefaultAGICChartVersion, rel.String("version"))
			assert.Equal(t, "ingress-azure", rel.String("name"))
			assert.Equal(t, AGICNamespace, rel.String("namespace"))
			assert.Equal(t, "workloadIdentity", rel.String("values.armAuth.type"))
			assert.Equal(t, id.Outputs["clientId"].StringValue(), rel.String("values.armAuth.identityClientID"))
			assert.Equal(t, testSubscription, rel.String("values.appgw.subscriptionId"))
			assert.Equal(t, testRG, rel.String("values.appgw.resourceGroup"))
			assert.Equal(t, "weu-ingress-appgw", rel.String("values.appgw.name"))
			assert.Equal(t, AGICIngressClass, rel.String("values.kubernetes.ingressClassResource.name"))
			assert.True(t, dependsOn(rel, fic.URN), "AGIC starts after its federated credential exists")
			for _, ra := range roles {
				assert.True(t, dependsOn(rel, ra.URN), "AGIC starts after %s", ra.Name)
			}
			ns := g.Find(tNS, "weu-ingress-ns")
			require.NotNil(t, ns)
			assert.Equal(t, AGICNamespace, ns.String("metadata.name"))

			assert.Equal(t, AGICIngressClass, res.controller.IngressClassName())
			assert.Equal(t, ClusterIssuerName, res.controller.ClusterIssuer())
			assert.Equal(t, pip.Outputs["ipAddress"].StringValue(), res.address)
			assert.NotEmpty(t, res.address)
		})
	}
}

func TestAGICRuleSetAndTags(t *testing.T) {
	g, _, err := runController(t, func(p pulumi.ProviderResource) *Args {
		return fullArgs(spec(ControllerAGIC, true, func(s *Spec) { s.AppGateway.WAFRuleSet = RuleSetOWASP32 }), true, p)
	})
	require.NoError(t, err)
	waf := one(t, g, tWAF)
	assert.Equal(t, "OWASP", waf.String("managedRules.managedRuleSets[0].ruleSetType"))
	assert.Equal(t, "3.2", waf.String("managedRules.managedRuleSets[0].ruleSetVersion"))
	for _, typ := range []string{tGateway, tWAF, tPIP, tIdentity} {
		assert.Equal(t, "test", one(t, g, typ).String("tags.env"), "%s is tagged", typ)
	}
}

// ignoreRecorder is a minimal mock monitor that remembers the ignoreChanges option of each
// registration; plan.Graph does not record resource options.
type ignoreRecorder struct{ ignore map[string][]string }

func (m *ignoreRecorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	if args.RegisterRPC != nil {
		m.ignore[args.TypeToken] = args.RegisterRPC.GetIgnoreChanges()
	}
	return args.Name + "-id", args.Inputs, nil
}

func (m *ignoreRecorder) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

func TestAGICGatewayIgnoresWhatAGICManages(t *testing.T) {
	mon := &ignoreRecorder{ignore: map[string][]string{}}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		p, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{})
		if err != nil {
			return err
		}
		_, err = NewAGIC(ctx, "weu-ingress", fullArgs(spec(ControllerAGIC, true, nil), true, p))
		return err
	}, pulumi.WithMocks("aks-platform", "test", mon))
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{
		"backendAddressPools", "backendHttpSettingsCollection", "httpListeners", "probes",
		"requestRoutingRules", "urlPathMaps", "frontendPorts", "sslCertificates",
		"redirectConfigurations", "rewriteRuleSets", "tags",
	}, mon.ignore[tGateway])
	assert.Empty(t, mon.ignore[tWAF], "the WAF policy is fully owned by Pulumi")
}

func TestAGICFrontDoorRule(t *testing.T) {
	const fdID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
	for _, tc := range []struct {
		name        string
		frontDoorID pulumi.StringInput
	}{
		{"without Front Door", nil},
		{"behind Front Door", pulumi.String(fdID)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, _, err := runController(t, func(p pulumi.ProviderResource) *Args {
				a := fullArgs(spec(ControllerAGIC, true, nil), true, p)
				a.FrontDoorID = tc.frontDoorID
				return a
			})
			require.NoError(t, err)
			waf := one(t, g, tWAF)
			if tc.frontDoorID == nil {
				_, has := waf.Input("customRules")
				assert.False(t, has, "no custom rule without a front door")
				return
			}
			v, _ := waf.Input("customRules")
			require.Len(t, v.ArrayValue(), 1)
			rule := "customRules[0]."
			assert.Equal(t, "RequireFrontDoorId", waf.String(rule+"name"))
			assert.Equal(t, 1, number(waf, rule+"priority"))
			assert.Equal(t, "MatchRule", waf.String(rule+"ruleType"))
			assert.Equal(t, "Block", waf.String(rule+"action"))
			cond := rule + "matchConditions[0]."
			assert.Equal(t, "RequestHeaders", waf.String(cond+"matchVariables[0].variableName"))
			assert.Equal(t, "X-Azure-FDID", waf.String(cond+"matchVariables[0].selector"))
			assert.Equal(t, "Equal", waf.String(cond+"operator"))
			neg, ok := waf.Input(cond + "negationConditon")
			require.True(t, ok)
			assert.True(t, neg.BoolValue(), "block when the header is NOT the front door's ID")
			assert.Equal(t, []string{fdID}, stringList(waf, cond+"matchValues"))
			assert.Equal(t, "Prevention", waf.String("policySettings.mode"), "the rule blocks only in Prevention")
			assert.Equal(t, waf.ID, one(t, g, tGateway).String("firewallPolicy.id"))
		})
	}
}
