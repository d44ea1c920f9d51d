package plandiff

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/stacks"
)

var repoRoot = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}()

var pinnedDay = time.Date(2026, time.November, 30, 0, 0, 0, 0, time.UTC)

func load(t *testing.T, stack string) *stacks.Environment {
	t.Helper()
	env, err := stacks.LoadFile(filepath.Join(repoRoot, "Pulumi."+stack+".yaml"))
	require.NoError(t, err)
	env.Now = pinnedDay
	return env
}

func planOf(t *testing.T, env *stacks.Environment) *Plan {
	t.Helper()
	g, err := plan.Run(stacks.Project, env.Name, stacks.Program(env))
	require.NoError(t, err)
	return FromGraph(g)
}

// byName returns the changes by resource name.
func byName(d *Diff) map[string]Change {
	out := map[string]Change{}
	for _, c := range d.Changes {
		out[c.Name] = c
	}
	return out
}

// The guarantee most asked of AKS modules: resizing or rescaling a user pool touches that pool
// and never the cluster. A new VM size needs a new pool (create-only); a count is updated in
// place.
func TestUserPoolChangesNeverTouchTheCluster(t *testing.T) {
	before := planOf(t, load(t, "prod"))
	cases := []struct {
		name   string
		edit   func(*stacks.Environment)
		kind   Kind
		inputs []string
	}{
		{"vm size", func(e *stacks.Environment) { e.AKS.UserPools[0].VMSize = "Standard_D16s_v5" }, Replace, []string{"vmSize"}},
		{"max count", func(e *stacks.Environment) { e.AKS.UserPools[0].MaxCount = 30 }, Update, []string{"maxCount"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := load(t, "prod")
			tc.edit(env)
			d := Compare(before, planOf(t, env))
			var touched []string
			for _, c := range d.Changes {
				touched = append(touched, c.Name)
				assert.NotContains(t, c.Type, "ManagedCluster", "the cluster must not change")
			}
			assert.ElementsMatch(t, []string{"prod-northeurope-aks-pool-apps", "prod-westeurope-aks-pool-apps"}, touched)
			for _, c := range d.Changes {
				assert.Equal(t, tc.kind, c.Kind, c.Name)
				var paths []string
				for _, in := range c.Inputs {
					paths = append(paths, in.Path)
				}
				assert.Equal(t, tc.inputs, paths)
			}
		})
	}
}

// A change of name or location recreates a resource, and the diff puts it first, flagged.
func TestNameAndLocationChangesAreReplacements(t *testing.T) {
	a := &Plan{Stack: "a", Resources: map[string]*Resource{
		"urn:kv": {URN: "urn:kv", Type: "azure-native:keyvault:Vault", Name: "kv", Inputs: map[string]any{"vaultName": "kv-a", "location": "westeurope", "tags": map[string]any{"x": "1"}}},
		"urn:vnet": {URN: "urn:vnet", Type: "azure-native:network:VirtualNetwork", Name: "vnet",
			Inputs: map[string]any{"location": "westeurope", "addressSpace": map[string]any{"addressPrefixes": []any{"10.0.0.0/16"}}}},
		"urn:mc": {URN: "urn:mc", Type: "azure-native:containerservice/v20240901:ManagedCluster", Name: "mc",
			Inputs: map[string]any{"networkProfile": map[string]any{"serviceCidr": "172.16.0.0/16"}, "kubernetesVersion": "1.36"}},
	}}
	b := &Plan{Stack: "b", Resources: map[string]*Resource{
		"urn:kv": {URN: "urn:kv", Type: "azure-native:keyvault:Vault", Name: "kv", Inputs: map[string]any{"vaultName": "kv-b", "location": "westeurope", "tags": map[string]any{"x": "2"}}},
		"urn:vnet": {URN: "urn:vnet", Type: "azure-native:network:VirtualNetwork", Name: "vnet",
			Inputs: map[string]any{"location": "northeurope", "addressSpace": map[string]any{"addressPrefixes": []any{"10.0.0.0/16", "10.1.0.0/16"}}}},
		"urn:mc": {URN: "urn:mc", Type: "azure-native:containerservice/v20240901:ManagedCluster", Name: "mc",
			Inputs: map[string]any{"networkProfile": map[string]any{"serviceCidr": "172.17.0.0/16"}, "kubernetesVersion": "1.37"}},
	}}
	d := Compare(a, b)
	got := byName(d)
	require.Len(t, got, 3)
	for _, n := range []string{"kv", "vnet", "mc"} {
		assert.Equal(t, Replace, got[n].Kind, n)
	}
	assert.Equal(t, []InputChange{
		{Path: "tags.x", From: "1", To: "2"},
		{Path: "vaultName", From: "kv-a", To: "kv-b", Replaces: true},
	}, got["kv"].Inputs)
	assert.Equal(t, []InputChange{
		{Path: "addressSpace.addressPrefixes[1]", To: "10.1.0.0/16"}, // the address space grows in place
		{Path: "location", From: "westeurope", To: "northeurope", Replaces: true},
	}, got["vnet"].Inputs)
	assert.Equal(t, []InputChange{
		{Path: "kubernetesVersion", From: "1.36", To: "1.37"},
		{Path: "networkProfile.serviceCidr", From: "172.16.0.0/16", To: "172.17.0.0/16", Replaces: true},
	}, got["mc"].Inputs)

	var text bytes.Buffer
	require.NoError(t, d.WriteText(&text))
	assert.Contains(t, text.String(), "3 to replace")
	assert.Contains(t, text.String(), "WARNING: 3 resource(s) would be deleted and created again")
	assert.Contains(t, text.String(), `location: "westeurope" -> "northeurope"  [replaces]`)
}

// Secrets never show: a changed secret says so, with neither value.
func TestSecretsAreMasked(t *testing.T) {
	secret := func(v string) any { return secretValue{v: v} }
	a := &Plan{Resources: map[string]*Resource{
		"urn:s": {URN: "urn:s", Type: "azure-native:keyvault:Secret", Name: "s", Inputs: map[string]any{"properties": map[string]any{"value": secret("hunter2")}}},
		"urn:t": {URN: "urn:t", Type: "azure-native:keyvault:Secret", Name: "t", Inputs: map[string]any{"properties": map[string]any{"value": secret("same")}}},
	}}
	b := &Plan{Resources: map[string]*Resource{
		"urn:s": {URN: "urn:s", Type: "azure-native:keyvault:Secret", Name: "s", Inputs: map[string]any{"properties": map[string]any{"value": secret("correct-horse")}}},
		"urn:t": {URN: "urn:t", Type: "azure-native:keyvault:Secret", Name: "t", Inputs: map[string]any{"properties": map[string]any{"value": secret("same")}}},
	}}
	d := Compare(a, b)
	require.Len(t, d.Changes, 1)
	assert.Equal(t, 1, d.Unchanged)
	assert.Equal(t, []InputChange{{Path: "properties.value", From: Secret, To: Secret, Secret: true}}, d.Changes[0].Inputs)
	for _, write := range []func(*bytes.Buffer) error{
		func(w *bytes.Buffer) error { return d.WriteText(w) },
		func(w *bytes.Buffer) error { return d.WriteJSON(w) },
	} {
		var out bytes.Buffer
		require.NoError(t, write(&out))
		assert.NotContains(t, out.String(), "hunter2")
		assert.NotContains(t, out.String(), "correct-horse")
	}
	var out bytes.Buffer
	require.NoError(t, d.WriteText(&out))
	assert.Contains(t, out.String(), "properties.value: secret changed")
}

// A plan saved as JSON by `aksplatform plan --format json` diffs against the same plan as
// nothing, and against a changed one like the graph would, secrets masked on both sides.
func TestSavedPlanRoundTrip(t *testing.T) {
	saved := `{"stack":"dev","offline":true,"resources":[
	  {"type":"azure-native:containerservice/v20240901:AgentPool","name":"p","urn":"urn:p","component":false,
	   "inputs":{"vmSize":"Standard_D4s_v5","count":3,"tags":{"a":"b"}}},
	  {"type":"azure-native:keyvault:Secret","name":"s","urn":"urn:s","component":false,"inputs":{"properties":{"value":"[secret]"}}}]}`
	from, err := ReadJSON(strings.NewReader(saved))
	require.NoError(t, err)
	to := &Plan{Stack: "dev", Resources: map[string]*Resource{
		"urn:p": {URN: "urn:p", Type: "azure-native:containerservice/v20240901:AgentPool", Name: "p",
			Inputs: map[string]any{"vmSize": "Standard_D4s_v5", "count": float64(5), "tags": map[string]any{"a": "b"}}},
		"urn:s": {URN: "urn:s", Type: "azure-native:keyvault:Secret", Name: "s", Inputs: map[string]any{"properties": map[string]any{"value": secretValue{v: "x"}}}},
	}}
	d := Compare(from, to)
	require.Len(t, d.Changes, 1, "a saved plan has no secret values to compare")
	assert.Equal(t, []InputChange{{Path: "count", From: float64(3), To: float64(5)}}, d.Changes[0].Inputs)
	assert.Equal(t, Update, d.Changes[0].Kind)

	var js bytes.Buffer
	require.NoError(t, d.WriteJSON(&js))
	var doc map[string]any
	require.NoError(t, json.Unmarshal(js.Bytes(), &doc))
	assert.Equal(t, map[string]any{"update": float64(1)}, doc["counts"])

	_, err = ReadJSON(strings.NewReader(`{"stack":"x"}`))
	assert.ErrorContains(t, err, "not a saved plan")
}

// Resources only on one side are additions and removals; the order is fixed.
func TestAddRemoveAndOrder(t *testing.T) {
	r := func(urn string) *Resource {
		return &Resource{URN: urn, Type: "t:m:T", Name: urn, Inputs: map[string]any{}}
	}
	a := &Plan{Resources: map[string]*Resource{"b": r("b"), "a": r("a"), "same": r("same")}}
	b := &Plan{Resources: map[string]*Resource{"d": r("d"), "c": r("c"), "same": r("same")}}
	d := Compare(a, b)
	var got []string
	for _, c := range d.Changes {
		got = append(got, string(c.Kind)+" "+c.URN)
	}
	assert.Equal(t, []string{"remove a", "remove b", "add c", "add d"}, got)
	assert.Equal(t, "0 to replace, 2 to remove, 2 to add, 0 to update, 1 unchanged", d.Summary())
}

func TestReplacesList(t *testing.T) {
	cases := []struct {
		token, path string
		want        bool
	}{
		{"azure-native:containerservice/v20240901:AgentPool", "vmSize", true},
		{"azure-native:containerservice/v20240901:AgentPool", "count", false},
		{"azure-native:containerservice/v20240901:AgentPool", "orchestratorVersion", false},
		{"azure-native:containerservice/v20240901:AgentPool", "availabilityZones[2]", true},
		{"azure-native:containerservice/v20240901:ManagedCluster", "agentPoolProfiles[0].vmSize", true},
		{"azure-native:containerservice/v20240901:ManagedCluster", "agentPoolProfiles[0].count", false},
		{"azure-native:containerservice/v20240901:ManagedCluster", "networkProfile.dnsServiceIP", true},
		{"azure-native:containerservice/v20240901:ManagedCluster", "kubernetesVersion", false},
		{"azure-native:keyvault:Vault", "vaultName", true},
		{"azure-native:keyvault:Vault", "properties.enableRbacAuthorization", false},
		{"azure-native:network:VirtualNetwork", "addressSpace.addressPrefixes[0]", false},
		{"azure-native:network:Subnet", "subnetName", true},
		{"azure-native:cdn:AFDOrigin", "hostName", false},
		{"azure-native:cdn:AFDOrigin", "enabledState", false},
		{"azure-native:cdn:AFDCustomDomain", "hostName", true},
		{"kubernetes:core/v1:ServiceAccount", "metadata.namespace", true},
		{"kubernetes:core/v1:ServiceAccount", "metadata.annotations.x", false},
		{"random:index/randomPassword:RandomPassword", "length", true},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, replaces(tc.token, tc.path), "%s %s", tc.token, tc.path)
	}
}

func TestPlainMasksSecretsAndUnknowns(t *testing.T) {
	v := resource.NewProperty(resource.PropertyMap{
		"password": resource.MakeSecret(resource.NewProperty("hunter2")),
		"id":       resource.MakeComputed(resource.NewProperty("")),
		"n":        resource.NewProperty(3.0),
	})
	assert.Equal(t, map[string]any{"password": Secret, "id": Unknown, "n": 3.0}, Plain(v))
}
