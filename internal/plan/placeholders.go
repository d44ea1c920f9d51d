package plan

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/internal/typetoken"
)

// PlaceholderSubscription is the subscription ID used in every placeholder Azure resource ID.
const PlaceholderSubscription = "00000000-0000-0000-0000-000000000000"

// PlaceholderTenant is the tenant ID returned for getClientConfig offline.
const PlaceholderTenant = "11111111-1111-1111-1111-111111111111"

// placeholderGUID derives a stable, GUID-shaped value from its parts.
func placeholderGUID(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "/")))
	h := fmt.Sprintf("%x", sum[:16])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// azureProviderNamespace maps azure-native module names to Azure resource provider namespaces.
var azureProviderNamespace = map[string]string{
	"network":             "Microsoft.Network",
	"containerservice":    "Microsoft.ContainerService",
	"keyvault":            "Microsoft.KeyVault",
	"authorization":       "Microsoft.Authorization",
	"managedidentity":     "Microsoft.ManagedIdentity",
	"containerregistry":   "Microsoft.ContainerRegistry",
	"operationalinsights": "Microsoft.OperationalInsights",
	"cdn":                 "Microsoft.Cdn",
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func str(m resource.PropertyMap, key string) string {
	v, ok := m[resource.PropertyKey(key)]
	if !ok {
		return ""
	}
	if v.IsSecret() {
		v = v.SecretValue().Element
	}
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

// azureName is the name Azure would report for an azure-native resource: its explicit name
// input when it has one, otherwise the logical name (autonaming adds a suffix in real runs).
func azureName(typeName string, args pulumi.MockResourceArgs) string {
	for _, key := range []string{lowerFirst(typeName) + "Name", "resourceName", "name"} {
		if n := str(args.Inputs, key); n != "" {
			return n
		}
	}
	return args.Name
}

// plural is the ARM resource type of a Pulumi type name: userAssignedIdentity is
// userAssignedIdentities, applicationGateway applicationGateways, publicIPAddress
// publicIPAddresses, vault vaults.
func plural(s string) string {
	switch {
	case strings.HasSuffix(s, "y") && len(s) > 1 && !strings.ContainsRune("aeiou", rune(s[len(s)-2])):
		return s[:len(s)-1] + "ies"
	case strings.HasSuffix(s, "s"):
		return s + "es"
	}
	return s + "s"
}

// placeholderID returns an ID shaped like the real one: an ARM resource ID for azure-native
// resources, and "<name>-offline-id" for everything else.
func placeholderID(args pulumi.MockResourceArgs) string {
	pkg, module, typ := typetoken.Split(args.TypeToken)
	if pkg != "azure-native" {
		return args.Name + "-offline-id"
	}
	name := azureName(typ, args)
	sub := "/subscriptions/" + PlaceholderSubscription
	if module == "resources" && typ == "ResourceGroup" {
		return sub + "/resourceGroups/" + name
	}
	rg := str(args.Inputs, "resourceGroupName")
	if rg == "" {
		rg = "offline-rg"
	}
	ns := azureProviderNamespace[module]
	if ns == "" {
		ns = "Microsoft." + module
	}
	return fmt.Sprintf("%s/resourceGroups/%s/providers/%s/%s/%s", sub, rg, ns, plural(lowerFirst(typ)), name)
}

// fillPlaceholders adds the outputs that Azure would compute for a resource of the given type
// and returns their keys. Inputs are already echoed into outputs.
func fillPlaceholders(token, name string, out resource.PropertyMap) []string {
	var filled []string
	set := func(key string, v resource.PropertyValue) {
		if _, ok := out[resource.PropertyKey(key)]; ok {
			return
		}
		out[resource.PropertyKey(key)] = v
		filled = append(filled, key)
	}
	pkg, _, typ := typetoken.Split(token)
	if pkg == "azure-native" {
		set("name", resource.NewProperty(azureName(typ, pulumi.MockResourceArgs{Name: name, Inputs: out})))
	}
	guid := func(what string) resource.PropertyValue {
		return resource.NewProperty(placeholderGUID(token, name, what))
	}
	// Any resource with a system-assigned identity (a cluster, a Front Door profile, an
	// artifact cache credential set) gets its principal from Azure.
	if id, ok := out["identity"]; ok && id.IsObject() && strings.Contains(str(id.ObjectValue(), "type"), "SystemAssigned") {
		if _, has := id.ObjectValue()["principalId"]; !has {
			id.ObjectValue()["principalId"] = guid("principal")
			filled = append(filled, "identity.principalId")
		}
	}
	switch typetoken.Base(token) {
	case "azure-native:containerservice:ManagedCluster":
		if p, ok := out["oidcIssuerProfile"]; ok && p.IsObject() {
			if _, has := p.ObjectValue()["issuerURL"]; !has {
				p.ObjectValue()["issuerURL"] = resource.NewProperty("https://offline.oic.prod-aks.azure.com/" +
					PlaceholderTenant + "/" + placeholderGUID(token, name, "oidc") + "/")
				filled = append(filled, "oidcIssuerProfile.issuerURL")
			}
		}
		set("identityProfile", resource.NewProperty(resource.PropertyMap{
			"kubeletidentity": resource.NewProperty(resource.PropertyMap{
				"clientId":   guid("kubelet-client"),
				"objectId":   guid("kubelet-object"),
				"resourceId": resource.NewProperty("/subscriptions/" + PlaceholderSubscription + "/resourceGroups/MC_offline/providers/Microsoft.ManagedIdentity/userAssignedIdentities/" + name + "-agentpool"),
			}),
		}))
		set("nodeResourceGroup", resource.NewProperty("MC_"+name+"_offline"))
		set("fqdn", resource.NewProperty(name+".offline.azmk8s.io"))
		set("privateFQDN", resource.NewProperty(name+".privatelink.offline.azmk8s.io"))
	case "azure-native:managedidentity:UserAssignedIdentity":
		set("principalId", guid("principal"))
		set("clientId", guid("client"))
		set("tenantId", resource.NewProperty(PlaceholderTenant))
	case "azure-native:network:AzureFirewall":
		// Azure gives the firewall the fourth address of AzureFirewallSubnet; offline the subnet's
		// prefix is unknown, so a documentation address (RFC 5737) stands in.
		if cfgs, ok := out["ipConfigurations"]; ok && cfgs.IsArray() && len(cfgs.ArrayValue()) > 0 {
			if first := cfgs.ArrayValue()[0]; first.IsObject() {
				if _, has := first.ObjectValue()["privateIPAddress"]; !has {
					first.ObjectValue()["privateIPAddress"] = resource.NewProperty("192.0.2.4")
					filled = append(filled, "ipConfigurations[0].privateIPAddress")
				}
			}
		}
	case "azure-native:network:PublicIPAddress":
		sum := sha256.Sum256([]byte(name))
		set("ipAddress", resource.NewProperty(fmt.Sprintf("203.0.113.%d", 1+int(sum[0])%254)))
	case "azure-native:keyvault:Vault":
		if p, ok := out["properties"]; ok && p.IsObject() {
			if _, has := p.ObjectValue()["vaultUri"]; !has {
				p.ObjectValue()["vaultUri"] = resource.NewProperty("https://" + str(out, "vaultName") + ".vault.azure.net/")
				filled = append(filled, "properties.vaultUri")
			}
		}
	case "azure-native:containerregistry:Registry":
		set("loginServer", resource.NewProperty(str(out, "registryName")+".azurecr.io"))
	case "azure-native:operationalinsights:Workspace":
		set("customerId", guid("customer"))
	case "azure-native:cdn:Profile":
		set("frontDoorId", guid("front-door"))
	case "azure-native:cdn:AFDCustomDomain":
		// Front Door's token for the _dnsauth TXT record that proves the domain is ours.
		set("validationProperties", resource.NewProperty(resource.PropertyMap{
			"validationToken": resource.NewProperty("offline-" + placeholderGUID(token, name, "validation")),
		}))
	case "azure-native:cdn:AFDEndpoint":
		host := str(out, "endpointName")
		if host == "" {
			host = name
		}
		set("hostName", resource.NewProperty(host+".offline.azurefd.net"))
	case "random:index/randomPassword:RandomPassword", "random:index/randomString:RandomString":
		n := 32
		if l, ok := out["length"]; ok && l.IsNumber() {
			n = int(l.NumberValue())
		}
		set("result", resource.MakeSecret(resource.NewProperty(strings.Repeat("x", n))))
	}
	return filled
}

// placeholderKubeconfig is the kubeconfig returned offline; it points at no real server.
const placeholderKubeconfig = `apiVersion: v1
kind: Config
clusters:
- cluster: {server: "https://offline.invalid:443"}
  name: offline
contexts:
- context: {cluster: offline, user: offline}
  name: offline
current-context: offline
users:
- name: offline
  user: {token: offline-placeholder}
`

// callPlaceholder answers the provider functions the platform calls.
func callPlaceholder(args pulumi.MockCallArgs) (resource.PropertyMap, bool) {
	switch typetoken.Base(args.Token) {
	case "azure-native:authorization:getClientConfig":
		return resource.PropertyMap{
			"clientId":       resource.NewProperty(placeholderGUID("client")),
			"objectId":       resource.NewProperty(placeholderGUID("object")),
			"subscriptionId": resource.NewProperty(PlaceholderSubscription),
			"tenantId":       resource.NewProperty(PlaceholderTenant),
		}, true
	case "azure-native:containerservice:listManagedClusterUserCredentials",
		"azure-native:containerservice:listManagedClusterAdminCredentials":
		return resource.PropertyMap{
			"kubeconfigs": resource.NewProperty([]resource.PropertyValue{
				resource.NewProperty(resource.PropertyMap{
					"name":  resource.NewProperty("clusterUser"),
					"value": resource.NewProperty(base64.StdEncoding.EncodeToString([]byte(placeholderKubeconfig))),
				}),
			}),
		}, true
	}
	return nil, false
}
