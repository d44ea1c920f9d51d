package main

import (
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/aksplatform/platform/components/aks"
	"github.com/aksplatform/platform/components/keyvault/lifetime"
	"github.com/aksplatform/platform/components/rbac"
	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/internal/plandiff"
	"github.com/aksplatform/platform/internal/typetoken"
)

// keySettings lists, per resource type (without an azure-native API version), the inputs
// worth showing in the tree: what a reviewer checks before `pulumi up`.
var keySettings = map[string][]string{
	"azure-native:resources:ResourceGroup":              {"location"},
	"azure-native:network:VirtualNetwork":               {"addressSpace.addressPrefixes"},
	"azure-native:network:Subnet":                       {"addressPrefix"},
	"azure-native:network:AzureFirewall":                {"sku.tier", "zones"},
	"azure-native:network:PublicIPAddress":              {"sku.name", "zones"},
	"azure-native:network:RouteTable":                   {"routes"},
	"azure-native:network:Route":                        {"addressPrefix", "nextHopType"},
	"azure-native:network:ApplicationGateway":           {"sku.name", "autoscaleConfiguration", "zones"},
	"azure-native:network:WebApplicationFirewallPolicy": {"policySettings.mode"},
	"azure-native:network:PrivateZone":                  {"privateZoneName"},
	"azure-native:network:VirtualNetworkPeering":        {"allowForwardedTraffic", "allowGatewayTransit", "useRemoteGateways"},
	typetoken.Base(aks.ManagedClusterType): {"kubernetesVersion", "sku.tier", "supportPlan", "networkProfile.networkPlugin",
		"agentPoolProfiles[0].vmSize", "agentPoolProfiles[0].minCount", "agentPoolProfiles[0].maxCount",
		"agentPoolProfiles[0].availabilityZones", "apiServerAccessProfile.enablePrivateCluster",
		"networkProfile.networkPluginMode", "networkProfile.podCidr", "networkProfile.outboundType",
		"autoUpgradeProfile.upgradeChannel"},
	typetoken.Base(aks.AgentPoolType):           {"vmSize", "mode", "minCount", "maxCount", "availabilityZones"},
	"azure-native:containerregistry:Registry":   {"sku.name", "publicNetworkAccess", "policies.exportPolicy.status"},
	"azure-native:containerregistry:CacheRule":  {"sourceRepository", "targetRepository"},
	"azure-native:keyvault:Vault":               {"properties.enableRbacAuthorization", "properties.enablePurgeProtection", "properties.publicNetworkAccess", "properties.networkAcls.defaultAction"},
	"azure-native:keyvault:Secret":              {"secretName", "properties.value"},
	"azure-native:cdn:AFDCustomDomain":          {"hostName", "tlsSettings.certificateType"},
	"azure-native:cdn:AFDOrigin":                {"hostName", "originHostHeader", "httpsPort", "enforceCertificateNameCheck"},
	"azure-native:cdn:Route":                    {"patternsToMatch", "forwardingProtocol", "httpsRedirect"},
	"azure-native:network:RecordSet":            {"relativeRecordSetName", "recordType"},
	"azure-native:authorization:RoleAssignment": {"principalType", "principalId", "scope"},
	"kubernetes:helm.sh/v3:Release":             {"chart", "version", "namespace"},
	"kubernetes:core/v1:ServiceAccount":         {"metadata.namespace", "metadata.annotations"},
}

// summaries render, per resource type, what a list of paths cannot: the pieces of a nested
// structure a reviewer must see together.
var summaries = map[string]func(*plan.Resource) []string{
	"azure-native:authorization:RoleAssignment":              roleSummary,
	"azure-native:network:FirewallPolicyRuleCollectionGroup": ruleCollectionsSummary,
	"azure-native:network:AzureFirewall":                     ruleCollectionsSummary,
	"azure-native:keyvault:Secret":                           secretDatesSummary,
}

// settings renders a resource's key settings as " [path=value ...]", or "" when it has none.
func settings(res *plan.Resource) string {
	typ := typetoken.Base(res.Type)
	var parts []string
	if summarize, ok := summaries[typ]; ok {
		parts = append(parts, summarize(res)...)
	}
	for _, p := range keySettings[typ] {
		v, ok := res.Input(p)
		if !ok {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s=%s", p, show(v, res.InputIsSecret(p))))
	}
	if len(parts) == 0 {
		return ""
	}
	return "  [" + strings.Join(parts, " ") + "]"
}

// roleByGUID names the built-in roles the platform assigns, by role definition GUID.
var roleByGUID = func() map[string]string {
	m := map[string]string{}
	for _, name := range rbac.Roles() {
		m[rbac.Role(name).GUID()] = name
	}
	return m
}()

// roleSummary names the role of an assignment: the built-in role's name when its definition
// ID ends in a GUID rbac knows, else the definition ID itself.
func roleSummary(res *plan.Resource) []string {
	v, ok := res.Input("roleDefinitionId")
	if !ok {
		return nil
	}
	if res.InputIsSecret("roleDefinitionId") || !v.IsString() {
		return []string{"role=" + show(v, res.InputIsSecret("roleDefinitionId"))}
	}
	id := v.StringValue()
	if name, known := roleByGUID[path.Base(id)]; known {
		return []string{fmt.Sprintf("role=%q", name)}
	}
	return []string{"role=" + id}
}

// secretDatesSummary shows when a Key Vault secret expires and when the next `pulumi up`
// regenerates it (package lifetime names both inputs), as UTC dates, so a reviewer sees the
// expiry follow the rotation.
func secretDatesSummary(res *plan.Resource) []string {
	var out []string
	if v, ok := res.Input(lifetime.ExpiresProperty); ok {
		date := show(v, res.InputIsSecret(lifetime.ExpiresProperty))
		if v.IsNumber() && !res.InputIsSecret(lifetime.ExpiresProperty) {
			date = time.Unix(int64(v.NumberValue()), 0).UTC().Format(time.DateOnly)
		}
		out = append(out, "expires="+date)
	}
	if v, ok := res.Input("tags." + lifetime.RotateAfterTag); ok {
		out = append(out, "rotateAfter="+show(v, res.InputIsSecret("tags."+lifetime.RotateAfterTag)))
	}
	return out
}

// ruleCollectionsSummary lists a firewall's rule collections (of a firewall policy's rule
// collection group, or of a classic firewall) as collection(priority action){rule:targets,...},
// where a rule's targets are the FQDNs, FQDN tags, addresses and ports it lets through.
func ruleCollectionsSummary(res *plan.Resource) []string {
	var out []string
	for _, key := range []string{"ruleCollections", "applicationRuleCollections", "networkRuleCollections", "natRuleCollections"} {
		v, ok := res.Input(key)
		if !ok {
			continue
		}
		if res.InputIsSecret(key) {
			out = append(out, key+"=[secret]")
			continue
		}
		collections, _ := plandiff.Plain(v).([]any)
		var parts []string
		for _, c := range collections {
			parts = append(parts, collectionSummary(asMap(c)))
		}
		out = append(out, key+"="+strings.Join(parts, ","))
	}
	return out
}

func collectionSummary(c map[string]any) string {
	action := asMap(c["action"])["type"]
	var rules []string
	for _, r := range asSlice(c["rules"]) {
		rule := asMap(r)
		var targets []string
		for _, k := range []string{"targetFqdns", "fqdnTags", "destinationFqdns", "destinationAddresses", "webCategories"} {
			for _, t := range asSlice(rule[k]) {
				targets = append(targets, fmt.Sprint(t))
			}
		}
		var ports []string
		for _, p := range asSlice(rule["protocols"]) {
			pm := asMap(p)
			ports = append(ports, fmt.Sprintf("%v:%v", pm["protocolType"], pm["port"]))
		}
		for _, k := range []string{"ipProtocols", "destinationPorts"} {
			for _, p := range asSlice(rule[k]) {
				ports = append(ports, fmt.Sprint(p))
			}
		}
		rules = append(rules, fmt.Sprintf("%v:%s/%s", rule["name"], strings.Join(targets, "+"), strings.Join(ports, "+")))
	}
	return fmt.Sprintf("%v(%v %v){%s}", c["name"], c["priority"], orDefault(fmt.Sprint(action), "-"), strings.Join(rules, ","))
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// show renders an input compactly; secrets never print.
func show(v resource.PropertyValue, secret bool) string {
	if secret {
		return "[secret]"
	}
	b, err := json.Marshal(plandiff.Plain(v))
	if err != nil {
		return v.String()
	}
	return strings.Trim(string(b), `"`)
}
