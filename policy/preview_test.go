package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/keyvault/lifetime"
	"github.com/aksplatform/platform/internal/typetoken"
)

// standIn is a component resource registered under an Azure type token with Azure-shaped
// inputs. A component needs no provider plugin (none can be downloaded here), yet the engine
// hands its inputs to the pack's resource policies exactly as it would a real azure-native
// resource's. Stack policies see outputs; a component's outputs are what it registers, so the
// stand-in registers its inputs as outputs, as a provider's preview would echo them.
type standIn struct{ pulumi.ResourceState }

func register(ctx *pulumi.Context, typ, name string, props pulumi.Map, opts ...pulumi.ResourceOption) (*standIn, error) {
	r := &standIn{}
	if err := ctx.RegisterResource(typ, name, props, r, opts...); err != nil {
		return nil, err
	}
	return r, ctx.RegisterResourceOutputs(r, props)
}

// previewProgram is two regions of the platform; violate opens the API server, turns purge
// protection off, writes a secret in plain text and makes a northeurope resource depend on
// a westeurope one. A dependency on a component expands to its custom children, so the
// westeurope side of that dependency is a Stash: a custom resource of the engine's builtin
// provider, which needs no plugin.
func previewProgram(violate bool) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		tags := pulumi.StringMap{"environment": pulumi.String("prod"), "managedBy": pulumi.String("aks-platform"),
			"owner": pulumi.String("platform")}
		weu, neu := &standIn{}, &standIn{}
		if err := ctx.RegisterComponentResource(typetoken.Region, "westeurope", weu); err != nil {
			return err
		}
		if err := ctx.RegisterComponentResource(typetoken.Region, "northeurope", neu); err != nil {
			return err
		}
		api := pulumi.Map{"enablePrivateCluster": pulumi.Bool(true), "disableRunCommand": pulumi.Bool(true)}
		purge := pulumi.Bool(true)
		value := pulumi.ToSecret(pulumi.String("s3cr3t")).(pulumi.StringOutput)
		if violate {
			api = pulumi.Map{"authorizedIPRanges": pulumi.StringArray{pulumi.String("0.0.0.0/0")}}
			purge = pulumi.Bool(false)
			value = pulumi.String("s3cr3t").ToStringOutput()
		}
		if _, err := register(ctx, "azure-native:network:Subnet", "weu-aks", pulumi.Map{
			"subnetName": pulumi.String("snet-aks"), "networkSecurityGroup": pulumi.Map{"id": pulumi.String("nsg")},
		}, pulumi.Parent(weu)); err != nil {
			return err
		}
		weuState, err := pulumi.NewStash(ctx, "weu-state", &pulumi.StashArgs{Input: pulumi.String("weu")},
			pulumi.Parent(weu))
		if err != nil {
			return err
		}
		clusterOpts := []pulumi.ResourceOption{pulumi.Parent(neu)}
		if violate {
			clusterOpts = append(clusterOpts, pulumi.DependsOn([]pulumi.Resource{weuState}))
		}
		_, err = register(ctx, "azure-native:containerservice:ManagedCluster", "neu-aks", pulumi.Map{
			"aadProfile":             pulumi.Map{"managed": pulumi.Bool(true), "enableAzureRBAC": pulumi.Bool(true)},
			"disableLocalAccounts":   pulumi.Bool(true),
			"apiServerAccessProfile": api,
			"networkProfile":         pulumi.Map{"networkPlugin": pulumi.String("azure"), "networkPolicy": pulumi.String("azure")},
			"oidcIssuerProfile":      pulumi.Map{"enabled": pulumi.Bool(true)},
			"securityProfile": pulumi.Map{"workloadIdentity": pulumi.Map{"enabled": pulumi.Bool(true)},
				"defender": pulumi.Map{"securityMonitoring": pulumi.Map{"enabled": pulumi.Bool(true)},
					"logAnalyticsWorkspaceResourceId": pulumi.String("/ws")},
				"imageCleaner":     pulumi.Map{"enabled": pulumi.Bool(true), "intervalHours": pulumi.Int(168)},
				"azureKeyVaultKms": pulumi.Map{"enabled": pulumi.Bool(true), "keyId": pulumi.String("https://kv.vault.azure.net/keys/k/1")}},
			"autoUpgradeProfile": pulumi.Map{"upgradeChannel": pulumi.String("stable"), "nodeOSUpgradeChannel": pulumi.String("NodeImage")},
			"agentPoolProfiles": pulumi.Array{pulumi.Map{"name": pulumi.String("system"), "mode": pulumi.String("System"),
				"count": pulumi.Int(2), "availabilityZones": pulumi.StringArray{pulumi.String("1"), pulumi.String("2")},
				"enableEncryptionAtHost": pulumi.Bool(true)}},
			"addonProfiles": pulumi.Map{"omsagent": pulumi.Map{"enabled": pulumi.Bool(true), "config": pulumi.Map{"useAADAuth": pulumi.String("true")}},
				"azurepolicy": pulumi.Map{"enabled": pulumi.Bool(true)}},
			"tags": tags,
		}, clusterOpts...)
		if err != nil {
			return err
		}
		vault, err := register(ctx, "azure-native:keyvault:Vault", "neu-kv", pulumi.Map{
			"properties": pulumi.Map{"enableRbacAuthorization": pulumi.Bool(true), "enablePurgeProtection": purge,
				"publicNetworkAccess": pulumi.String("Disabled"), "networkAcls": pulumi.Map{"defaultAction": pulumi.String("Deny")}},
			"tags": tags,
		}, pulumi.Parent(neu))
		if err != nil {
			return err
		}
		_, err = register(ctx, "azure-native:keyvault:Secret", "neu-db", pulumi.Map{
			"properties": pulumi.Map{"value": value, "attributes": pulumi.Map{"expires": pulumi.Int(1798761600)}}, // 2027-01-01
			"tags": pulumi.StringMap{"environment": pulumi.String("prod"), "managedBy": pulumi.String("aks-platform"),
				"owner": pulumi.String("platform"), lifetime.RotateAfterTag: pulumi.String("2026-12-01")},
		}, pulumi.Parent(vault))
		return err
	}
}

// preview runs the program through the Pulumi CLI with the pack attached and returns the
// policy events and the preview's error.
func preview(t *testing.T, program pulumi.RunFunc, configFile string) ([]apitype.PolicyEvent, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	tmp := t.TempDir()
	for _, d := range []string{"state", "home", "work"} {
		require.NoError(t, os.MkdirAll(filepath.Join(tmp, d), 0o700))
	}
	backend := "file://" + filepath.ToSlash(filepath.Join(tmp, "state"))
	stack, err := auto.UpsertStackInlineSource(ctx, "policy-test", "aks-platform", program,
		auto.WorkDir(filepath.Join(tmp, "work")),
		auto.PulumiHome(filepath.Join(tmp, "home")),
		auto.Project(workspace.Project{Name: "aks-platform", Runtime: workspace.NewProjectRuntimeInfo("go", nil),
			Backend: &workspace.ProjectBackend{URL: backend}}),
		auto.SecretsProvider("passphrase"),
		auto.EnvVars(map[string]string{
			"PULUMI_CONFIG_PASSPHRASE": "policy-test",
			"PULUMI_BACKEND_URL":       backend,
			"PULUMI_SKIP_UPDATE_CHECK": "true",
		}))
	require.NoError(t, err)
	require.NoError(t, stack.SetConfig(ctx, "aks-platform:environment", auto.ConfigValue{Value: "prod"}))

	ch := make(chan events.EngineEvent)
	var policyEvents []apitype.PolicyEvent
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for e := range ch {
			if e.PolicyEvent != nil {
				policyEvents = append(policyEvents, *e.PolicyEvent)
			}
		}
	}()
	opts := []optpreview.Option{optpreview.PolicyPacks(packBinary(t)), optpreview.EventStreams(ch)}
	if configFile != "" {
		opts = append(opts, optpreview.PolicyPackConfigs(configFile))
	}
	_, err = stack.Preview(ctx, opts...)
	wg.Wait()
	return policyEvents, err
}

func byPolicy(evs []apitype.PolicyEvent) map[string]apitype.PolicyEvent {
	out := map[string]apitype.PolicyEvent{}
	for _, e := range evs {
		out[e.PolicyName] = e
	}
	return out
}

// TestPreview runs a real `pulumi preview` with the pack attached. It needs the Pulumi CLI on
// PATH (build it with tools/pulumi-cli); without it the test is skipped.
func TestPreview(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the Pulumi CLI")
	}
	if _, err := exec.LookPath("pulumi"); err != nil {
		t.Skip("pulumi CLI not on PATH: build it with `cd tools/pulumi-cli && go build -ldflags " +
			"\"-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v3.274.1\" -o bin/pulumi " +
			"github.com/pulumi/pulumi/pkg/v3/cmd/pulumi` and put tools/pulumi-cli/bin on PATH")
	}

	t.Run("compliant", func(t *testing.T) {
		// The rules that pair a resource with the resources that watch it (its diagnostic
		// setting, Container Insights' rule association, its alerts) find them through
		// property dependencies in a preview. A stand-in is a component, and the engine
		// expands a dependency on a component to its custom children, so no dependency can
		// name a stand-in: those three are judged on the real program offline
		// (internal/envplan) and through property dependencies in policy/rules' tests.
		file := filepath.Join(t.TempDir(), "config.json")
		require.NoError(t, os.WriteFile(file, []byte(`{"diagnostic-settings": "disabled",
			"container-insights-managed-identity": "disabled", "alerts-configured": "disabled"}`), 0o600))
		evs, err := preview(t, previewProgram(false), file)
		require.NoError(t, err)
		assert.Empty(t, evs)
	})

	t.Run("violations fail the preview", func(t *testing.T) {
		evs, err := preview(t, previewProgram(true), "")
		require.Error(t, err)
		t.Logf("the preview failed as it should:\n%v", err)
		got := byPolicy(evs)
		for policy, severity := range map[string]string{
			"aks-api-server-access":        "critical",
			"keyvault-purge-protection":    "high",
			"keyvault-secret-value-secret": "critical",
			"region-independence":          "high",
		} {
			e, ok := got[policy]
			if assert.True(t, ok, "no %s event in %v", policy, evs) {
				assert.Equal(t, "mandatory", e.EnforcementLevel, policy)
				assert.Equal(t, severity, e.Severity, policy)
				assert.Equal(t, "aks-platform-guardrails", e.PolicyPackName)
			}
		}
		assert.Contains(t, got["aks-api-server-access"].ResourceURN, "neu-aks")
	})

	t.Run("config file sets levels", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "config.json")
		require.NoError(t, os.WriteFile(file, []byte(`{"all": "advisory"}`), 0o600))
		evs, err := preview(t, previewProgram(true), file)
		require.NoError(t, err, "advisory violations do not fail the preview")
		got := byPolicy(evs)
		require.Contains(t, got, "aks-api-server-access")
		assert.NotEqual(t, "mandatory", got["aks-api-server-access"].EnforcementLevel)
	})
}
