package rules

import (
	"testing"

	"github.com/aksplatform/platform/internal/typetoken"
)

func TestRequiredTags(t *testing.T) {
	tagged := obj{"tags": obj{"environment": "prod", "managedBy": "aks-platform", "owner": "platform"}}
	runCases(t, "azure-required-tags", []ruleCase{
		{name: "all tags", rs: one(res(typeVault, "kv", tagged))},
		{name: "missing owner", rs: one(res(typeVault, "kv", with(tagged, "tags.owner", deleted))),
			want: []string{"missing required tags: owner"}},
		{name: "no tags on a taggable type", rs: one(res(typeManagedCluster, "aks", obj{})),
			want: []string{"environment, managedBy, owner"}},
		{name: "empty value", rs: one(res(typeVault, "kv", with(tagged, "tags.owner", " "))),
			want: []string{"owner (empty)"}},
		{name: "unknown value counts", rs: one(res(typeVault, "kv", with(tagged, "tags.owner", unknown)))},
		{name: "unknown tags", rs: one(res(typeVault, "kv", obj{"tags": unknown}))},
		{name: "subnets are not taggable", rs: one(res(typeSubnet, "aks", obj{}))},
		{name: "unlisted type with tags is judged", rs: one(res("azure-native:cdn:Profile", "fd",
			obj{"tags": obj{"owner": "x"}})), want: []string{"environment, managedBy"}},
		{name: "kubernetes resources are not Azure", rs: one(res(typeServiceAccount, "sa", obj{}))},
		{name: "tag names are case-insensitive", rs: one(res(typeVault, "kv", obj{"tags": obj{
			"Environment": "prod", "MANAGEDBY": "aks-platform", "Owner": "platform"}}))},
		{name: "custom tag list", opts: obj{"requiredTags": []any{"costCenter"}},
			rs: one(res(typeVault, "kv", tagged)), want: []string{"missing required tags: costCenter"}},
	})
}

// regionTree builds a Region component per location with one cluster and one subnet under it.
func regionTree(location string) (region, cluster, subnet Resource) {
	region = res(typetoken.Region, location, obj{})
	cluster = res(typeManagedCluster, location+"-aks", obj{})
	cluster.Parent = region.URN
	subnet = res(typeSubnet, location+"-aks-subnet", obj{})
	subnet.Parent = region.URN
	return region, cluster, subnet
}

func TestRegionIndependence(t *testing.T) {
	weu, weuAKS, weuSubnet := regionTree("westeurope")
	neu, neuAKS, neuSubnet := regionTree("northeurope")
	front := res("azure-native:cdn:AFDOrigin", "front", obj{})

	sameRegion := weuAKS
	sameRegion.PropertyDependencies = map[string][]string{"agentPoolProfiles": {weuSubnet.URN}}
	crossDep := neuAKS
	crossDep.Dependencies = []string{weuSubnet.URN}
	crossProp := neuAKS
	crossProp.PropertyDependencies = map[string][]string{"agentPoolProfiles": {weuSubnet.URN}}
	globalSees := front
	globalSees.Dependencies = []string{weuAKS.URN, neuAKS.URN}
	regionalOnGlobal := weuAKS
	regionalOnGlobal.Dependencies = []string{front.URN}
	crossProvider := neuAKS
	crossProvider.Provider = weuAKS.URN
	// Deeply nested: a child of a component under the region.
	comp := res("aksplatform:aks:Cluster", "neu-cluster", obj{})
	comp.Parent = neu.URN
	nested := res(typeAgentPool, "neu-user", obj{})
	nested.Parent = comp.URN
	nested.Dependencies = []string{weu.URN}

	base := []Resource{weu, neu, weuSubnet, neuSubnet, front}
	runCases(t, "region-independence", []ruleCase{
		{name: "same region", rs: append(base, sameRegion, neuAKS)},
		{name: "global sees all", rs: append(base, weuAKS, neuAKS, globalSees)},
		{name: "regional on global", rs: append(base, regionalOnGlobal, neuAKS)},
		{name: "cross-region dependency", rs: append(base, weuAKS, crossDep),
			want: []string{"northeurope-aks (region northeurope) depends on " + weuSubnet.URN + " of region westeurope"}},
		{name: "cross-region property dependency", rs: append(base, weuAKS, crossProp),
			want: []string{"of region westeurope"}},
		{name: "cross-region provider", rs: append(base, weuAKS, crossProvider),
			want: []string{"uses the provider"}},
		{name: "nested child depends on other region component", rs: append(base, comp, nested),
			want: []string{"neu-user (region northeurope) depends on " + weu.URN}},
	})
}
