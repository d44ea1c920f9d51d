package provider

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/aks"
	"github.com/aksplatform/platform/stacks"
	"github.com/aksplatform/platform/validation"
)

// problemLines are the lines of a *validation.Error, one per problem, each naming its key.
func problemLines(t *testing.T, err error) []string {
	t.Helper()
	var verr *validation.Error
	require.True(t, errors.As(err, &verr), "want *validation.Error, got %T: %v", err, err)
	require.NotEmpty(t, verr.Keys())
	return strings.Split(verr.Error(), "\n")
}

// TestBadInputGivesTheGoErrors gives the same invalid input to the Go constructor and to the
// provider: the provider reports every problem the Go constructor does, with the same key and
// words, and registers nothing but what Go registers (nothing).
func TestBadInputGivesTheGoErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		goArgs func(*aks.ClusterArgs)
		inputs func(map[string]any)
	}{
		{
			name:   "pool bounds and a missing subnet",
			goArgs: func(a *aks.ClusterArgs) { a.Spec.UserPools[0].MinCount = 6; a.NodeSubnetID = nil },
			inputs: func(in map[string]any) {
				in["userPools"] = []any{map[string]any{"name": "apps", "maxCount": 4, "minCount": 6}}
				delete(in, "nodeSubnetId")
			},
		},
		{
			name:   "bad network plugin and pool name",
			goArgs: func(a *aks.ClusterArgs) { a.Spec.NetworkPlugin = "flannel"; a.Spec.UserPools[0].Name = "Apps_1" },
			inputs: func(in map[string]any) {
				in["networkPlugin"] = "flannel"
				in["userPools"] = []any{map[string]any{"name": "Apps_1", "maxCount": 4}}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := clusterArgs()
			tc.goArgs(args)
			registered, goErr := goGraph(t, func(ctx *pulumi.Context) error {
				_, err := aks.NewCluster(ctx, "dev-aks", args)
				return err
			}, aks.ComponentType, "dev-aks")
			require.Error(t, goErr)
			assert.Empty(t, registered, "Go registers nothing from invalid args")

			in := clusterInputs()
			tc.inputs(in)
			got, _, err := construct(t, aks.ComponentType, "dev-aks", in)
			require.Error(t, err)
			assert.Empty(t, got, "the provider registers nothing from invalid args")
			for _, line := range problemLines(t, goErr) {
				assert.Contains(t, err.Error(), line)
			}
		})
	}
}

// TestMalformedValuesAreKeyed: values a Go program cannot even write (a CIDR that does not
// parse) are reported under the key the user wrote, every one at once.
func TestMalformedValuesAreKeyed(t *testing.T) {
	in := clusterInputs()
	in["podCidr"] = "10.244.0.0/33"
	in["authorizedIpRanges"] = []any{"198.51.100.0/24", "not-a-cidr"}
	_, _, err := construct(t, aks.ComponentType, "dev-aks", in)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `podCidr: "10.244.0.0/33" is not a CIDR prefix`)
	assert.Contains(t, err.Error(), `authorizedIpRanges[1]: "not-a-cidr" is not a CIDR prefix`)
}

// TestBadEnvironmentGivesTheGoErrors: an invalid environment fails the provider's Region with
// the problems stacks.Program reports for it, keyed by the config keys.
func TestBadEnvironmentGivesTheGoErrors(t *testing.T) {
	path := filepath.Join("..", "Pulumi.dev.yaml")
	env, err := stacks.LoadFile(path)
	require.NoError(t, err)
	env.AKS.UserPools[0].MinCount, env.AKS.UserPools[0].MaxCount = 9, 3
	env.Regions[0].Spoke.AddressSpace = env.Regions[0].Hub.AddressSpace
	_, goErr := goGraph(t, stacks.Program(env), stacks.RegionType, "westeurope")
	require.Error(t, goErr)

	in := environmentInputs(t, path)
	aksIn := in["aks"].(map[string]any)
	pools := aksIn["userPools"].([]any)
	pools[0].(map[string]any)["minCount"], pools[0].(map[string]any)["maxCount"] = 9, 3
	regions := in["regions"].([]any)
	region := regions[0].(map[string]any)
	region["spoke"].(map[string]any)["addressSpace"] = region["hub"].(map[string]any)["addressSpace"]
	got, _, err := construct(t, stacks.RegionType, "westeurope", map[string]any{"environment": in})
	require.Error(t, err)
	assert.Empty(t, got)
	lines := problemLines(t, goErr)
	require.GreaterOrEqual(t, len(lines), 2)
	for _, line := range lines {
		assert.Contains(t, err.Error(), line)
	}
}
