package stacks

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/validation"
)

// stackConfig reads the config section of a Pulumi.<stack>.yaml of the repository.
func stackConfig(t testing.TB, stack string) map[string]any {
	t.Helper()
	cfg, err := ReadConfigFile("../Pulumi." + stack + ".yaml")
	require.NoError(t, err)
	return cfg
}

// set replaces the value at a dotted path ("aks-platform:aks.systemPool.maxCount",
// "aks-platform:regions.1.spoke.addressSpace") in a config map, creating objects on the way.
func set(t *testing.T, cfg map[string]any, path string, v any) {
	t.Helper()
	top, rest, _ := strings.Cut(path, ".")
	if rest == "" {
		cfg[top] = v
		return
	}
	var cur any = cfg[top]
	if cur == nil {
		cur = map[string]any{}
		cfg[top] = cur
	}
	parts := strings.Split(rest, ".")
	for i, p := range parts {
		last := i == len(parts)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				c[p] = v
				return
			}
			if c[p] == nil {
				c[p] = map[string]any{}
			}
			cur = c[p]
		case []any:
			idx, err := strconv.Atoi(p)
			require.NoError(t, err, path)
			if last {
				c[idx] = v
				return
			}
			cur = c[idx]
		default:
			t.Fatalf("cannot set %s: %T on the way", path, cur)
		}
	}
}

func problemKeys(t *testing.T, err error) map[string]string {
	t.Helper()
	require.Error(t, err)
	var verr *validation.Error
	require.ErrorAs(t, err, &verr, "want a *validation.Error, got %v", err)
	keys := map[string]string{}
	for _, p := range verr.Problems {
		keys[p.Key] += p.Reason + "; "
	}
	return keys
}

func TestRepositoryStacksAreValid(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			env, err := FromConfig(stackConfig(t, stack))
			require.NoError(t, err)
			addresses, err := env.AddressPlan()
			require.NoError(t, err)
			assert.Len(t, addresses.Regions, len(env.Regions))
			assert.Equal(t, Stage(stack), env.Kind)
		})
	}
}

func TestInvalidConfigsNameTheirKeys(t *testing.T) {
	cases := []struct {
		name   string
		stack  string
		mutate func(t *testing.T, cfg map[string]any)
		key    string
		reason string
	}{
		{"overlapping spokes", "prod", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:regions.1.spoke.addressSpace", "10.11.0.0/16")
		}, "aks-platform:regions[1].spoke.addressSpace", "overlaps regions[0].spoke.addressSpace 10.11.0.0/16"},
		{"CNI subnet too small for 50 nodes x 30 pods", "prod", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:aks.userPools", []any{map[string]any{"name": "apps", "vmSize": "Standard_D4s_v5", "minCount": 3, "maxCount": 50, "maxPods": 30, "zones": []any{"1", "2", "3"}}})
			set(t, cfg, "aks-platform:regions.0.spoke.privateSubnetPrefixLength", 28)
		}, "aks-platform:aks.networkPlugin", "Azure CNI with 74 nodes (55 + 19 upgrade surge) x (30 pods + 1) needs 2,294 addresses"},
		{"kubenet with 500 nodes", "dev", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:aks.userPools", []any{map[string]any{"name": "apps", "vmSize": "Standard_D4s_v5", "minCount": 1, "maxCount": 500}})
		}, "aks-platform:aks.networkPlugin", "kubenet supports at most 400 nodes"},
		{"unknown ingress controller", "dev", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:ingress.controller", "traefik")
		}, "aks-platform:ingress.controller", "traefik"},
		{"malformed CIDR", "dev", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:regions.0.hub.addressSpace", "10.0.0.0/33")
		}, "aks-platform:regions[0].hub.addressSpace", "not a valid CIDR"},
		{"missing region", "dev", func(t *testing.T, cfg map[string]any) {
			delete(cfg, "aks-platform:regions")
		}, "aks-platform:regions", "at least one region"},
		{"unknown top-level key", "dev", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:ingres", map[string]any{})
		}, "aks-platform:ingres", "unknown key"},
		{"unknown nested key", "dev", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:aks.systemPool.maxCounts", 3)
		}, "aks-platform:aks.systemPool.maxCounts", "unknown key"},
		{"wrong type", "dev", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:hub.firewall", "yes")
		}, "aks-platform:hub.firewall", "true or false"},
		{"bad environment", "dev", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:environment", "qa")
		}, "aks-platform:environment", "not one of"},
		{"missing owner tag", "dev", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:tags", map[string]any{})
		}, "aks-platform:tags.owner", "required"},
		{"workload mounts a secret the vault does not generate", "dev", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:workloads.0.secrets", []any{"nope"})
		}, "aks-platform:workloads[0].secrets[0]", "not generated"},
		{"duplicate region", "prod", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:regions.1.location", "northeurope")
		}, "aks-platform:regions[1].location", "already regions[0]"},
		{"pod CIDR overlaps a VNet", "dev", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:aks.podCidr", "10.1.0.0/16")
		}, "aks-platform:aks.podCidr", "overlaps regions[0].spoke.addressSpace"},
		{"name that is no resource name", "dev", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:name", "My Env!")
		}, "aks-platform:name", "lowercase letters"},
		{"name too long for the cluster name", "dev", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:name", strings.Repeat("a", 50))
		}, "aks-platform:name", "65 characters; AKS allows 63"},
		{"huge number", "dev", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:aks.userPools.0.maxCount", 1e20)
		}, "aks-platform:aks.userPools[0].maxCount", "out of range"},
		{"public NGINX behind the hub firewall", "dev", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:hub.firewall", true)
		}, "aks-platform:ingress.internal", "asymmetric"},
		{"AGIC with kubenet", "dev", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:ingress.controller", "agic")
		}, "aks-platform:ingress.controller", "kubenet"},
		{"internal NGINX IP outside a region's node subnet", "prod", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:ingress", map[string]any{
				"controller": "nginx", "internal": true, "nginx": map[string]any{"privateIP": "10.11.0.100"},
				"certManager": map[string]any{"email": "platform-team@example.com"},
			})
		}, "aks-platform:ingress.nginx.privateIP", "outside the node subnet 10.21.0.0/20 of regions[1] (westeurope)"},
		{"internal NGINX IP reserved by Azure", "dev", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:ingress.internal", true)
			set(t, cfg, "aks-platform:ingress.nginx", map[string]any{"privateIP": "10.1.0.3"})
		}, "aks-platform:ingress.nginx.privateIP", "reserved by Azure"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := stackConfig(t, tc.stack)
			tc.mutate(t, cfg)
			env, err := FromConfig(cfg)
			assert.Nil(t, env)
			keys := problemKeys(t, err)
			require.Contains(t, keys, tc.key, "problems: %v", err)
			assert.Contains(t, keys[tc.key], tc.reason)
		})
	}
}

// The cross-section rules reject only what cannot work: the same choices made workable pass.
func TestWorkableVariantsPass(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(t *testing.T, cfg map[string]any)
	}{
		{"internal NGINX behind the hub firewall", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:hub.firewall", true)
			set(t, cfg, "aks-platform:ingress.internal", true)
			set(t, cfg, "aks-platform:ingress.nginx", map[string]any{"privateIP": "10.1.0.100"})
		}},
		{"AGIC with Azure CNI", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:ingress.controller", "agic")
			set(t, cfg, "aks-platform:aks.networkPlugin", "azure")
			delete(cfg["aks-platform:aks"].(map[string]any), "podCidr")
		}},
		{"a name of its own", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:name", "dev-blue-2")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := stackConfig(t, "dev")
			tc.mutate(t, cfg)
			_, err := FromConfig(cfg)
			require.NoError(t, err)
		})
	}
}

func TestAllProblemsAreReportedAtOnce(t *testing.T) {
	cfg := stackConfig(t, "prod")
	set(t, cfg, "aks-platform:regions.1.spoke.addressSpace", "10.11.0.0/16")
	set(t, cfg, "aks-platform:ingress.controller", "traefik")
	set(t, cfg, "aks-platform:regions.0.hub.addressSpace", "banana")
	set(t, cfg, "aks-platform:keyVault.secrets.0.length", 8)
	set(t, cfg, "aks-platform:aks.systemPool.maxCount", 1)
	_, err := FromConfig(cfg)
	keys := problemKeys(t, err)
	for _, k := range []string{
		"aks-platform:regions[0].hub.addressSpace",
		"aks-platform:regions[1].spoke.addressSpace", // the overlap is found despite the bad CIDR
		"aks-platform:ingress.controller",
		"aks-platform:keyVault.secrets[0].length",
		"aks-platform:aks.systemPool.maxCount",
	} {
		assert.Contains(t, keys, k, "all problems at once: %v", err)
	}
	assert.NotContains(t, keys["aks-platform:regions[0].hub.addressSpace"], "is required",
		"a malformed value is reported once, as malformed")
}

func TestWorkloadsStayOutOfArgoCDNamespaces(t *testing.T) {
	cfg := stackConfig(t, "dev")
	set(t, cfg, "aks-platform:workloads.0.namespace", "argocd-apps")
	_, err := FromConfig(cfg)
	keys := problemKeys(t, err)
	assert.Contains(t, keys["aks-platform:workloads[0].namespace"], "belongs to Argo CD")
}

// The shipped platform repository runs Grafana and Thanos in monitoring: a workload cannot take
// Grafana's identity name or that namespace, and the repository cannot be synced without the
// Azure side thanos builds for it.
func TestWorkloadsStayOutOfThePlatformRepository(t *testing.T) {
	cfg := stackConfig(t, "dev")
	set(t, cfg, "aks-platform:workloads.0.name", "grafana")
	set(t, cfg, "aks-platform:workloads.0.namespace", "monitoring")
	_, err := FromConfig(cfg)
	keys := problemKeys(t, err)
	assert.Contains(t, keys["aks-platform:workloads[0].name"], "Grafana identity")
	assert.Contains(t, keys["aks-platform:workloads[0].namespace"], "monitoring")

	cfg = stackConfig(t, "dev")
	set(t, cfg, "aks-platform:thanos.enabled", false)
	_, err = FromConfig(cfg)
	assert.Contains(t, problemKeys(t, err)["aks-platform:thanos.enabled"], "gitops.platform.path is gitops/platform")

	cfg = stackConfig(t, "dev")
	set(t, cfg, "aks-platform:thanos.enabled", false)
	set(t, cfg, "aks-platform:gitops.platform.path", "platform")
	_, err = FromConfig(cfg)
	assert.NoError(t, err, "without Thanos, another platform repository is fine")
}

func TestKubenetBehindTheFirewallHas399Routes(t *testing.T) {
	cfg := stackConfig(t, "dev")
	set(t, cfg, "aks-platform:hub.firewall", true)
	// system 3 + 1 surge, apps 395 + 1 surge: 400 node routes plus the firewall's default route
	set(t, cfg, "aks-platform:aks.userPools.0.maxCount", 395)
	_, err := FromConfig(cfg)
	keys := problemKeys(t, err)
	assert.Contains(t, keys["aks-platform:aks.networkPlugin"], "400 nodes (upgrade surge included) + 1 > 400 routes")

	set(t, cfg, "aks-platform:aks.userPools.0.maxCount", 394)
	_, err = FromConfig(cfg)
	keys = problemKeys(t, err)
	assert.NotContains(t, keys, "aks-platform:aks.networkPlugin", "399 nodes and the default route fit")
}

func TestFrontDoorNeedsPublicIngressAndAHostHeader(t *testing.T) {
	cfg := stackConfig(t, "prod")
	delete(cfg, "aks-platform:frontDoor")
	_, err := FromConfig(cfg)
	keys := problemKeys(t, err)
	assert.Contains(t, keys["aks-platform:frontDoor.hostName"], "is required with Front Door")

	cfg = stackConfig(t, "dev")
	set(t, cfg, "aks-platform:frontDoor", map[string]any{"enabled": true})
	set(t, cfg, "aks-platform:ingress.internal", true)
	set(t, cfg, "aks-platform:ingress.nginx", map[string]any{"privateIP": "10.1.15.250"})
	_, err = FromConfig(cfg)
	keys = problemKeys(t, err)
	assert.Contains(t, keys["aks-platform:frontDoor.enabled"], "private IP")
}
