package main

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/aksplatform/platform/internal/typetoken"
	"github.com/aksplatform/platform/policy/rules"
)

// fakeEngine is the engine's gRPC endpoint as far as an analyzer sees it: it takes log lines.
type fakeEngine struct {
	pulumirpc.UnimplementedEngineServer
	mu   sync.Mutex
	logs []*pulumirpc.LogRequest
}

func (e *fakeEngine) Log(_ context.Context, req *pulumirpc.LogRequest) (*emptypb.Empty, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.logs = append(e.logs, req)
	return &emptypb.Empty{}, nil
}

func startEngine(t *testing.T) (*fakeEngine, string) {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	engine := &fakeEngine{}
	srv := grpc.NewServer()
	pulumirpc.RegisterEngineServer(srv, engine)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return engine, lis.Addr().String()
}

// startPack starts the pack binary as the engine does (engine address as the argument, port on
// the first stdout line) and connects to it.
func startPack(t *testing.T, engineAddr string) pulumirpc.AnalyzerClient {
	t.Helper()
	bin := packBinary(t)
	cmd := exec.Command(bin, engineAddr)
	cmd.Dir = filepath.Dir(bin)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("pack stderr:\n%s", stderr.String())
		}
	})
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- line
	}()
	var port int
	select {
	case line := <-lines:
		port, err = strconv.Atoi(strings.TrimSpace(line))
		require.NoError(t, err, "first stdout line %q is not a port", line)
	case <-time.After(time.Minute):
		t.Fatal("the pack printed no port within a minute")
	}
	conn, err := grpc.NewClient("127.0.0.1:"+strconv.Itoa(port), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	return pulumirpc.NewAnalyzerClient(conn)
}

// marshal encodes properties as the engine does for analyzers: secrets and unknowns kept.
func marshal(t *testing.T, props map[string]any) *structpb.Struct {
	t.Helper()
	s, err := plugin.MarshalProperties(resource.NewPropertyMapFromMap(props),
		plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, SkipInternalKeys: true})
	require.NoError(t, err)
	return s
}

func urnOf(typ, name string) string { return "urn:pulumi:prod::aks-platform::" + typ + "::" + name }

var (
	secretValue  = func(v any) resource.PropertyValue { return resource.MakeSecret(resource.NewPropertyValue(v)) }
	unknownValue = resource.MakeComputed(resource.NewProperty(""))
	tags         = map[string]any{"environment": "prod", "managedBy": "aks-platform", "owner": "platform"}
)

func clusterProps(api map[string]any) map[string]any {
	api["disableRunCommand"] = true // the aks security rules' controls are on throughout
	return map[string]any{
		"aadProfile":             map[string]any{"managed": true, "enableAzureRBAC": true},
		"disableLocalAccounts":   true,
		"apiServerAccessProfile": api,
		"networkProfile":         map[string]any{"networkPlugin": "azure", "networkPolicy": "azure"},
		"oidcIssuerProfile":      map[string]any{"enabled": true},
		"securityProfile": map[string]any{"workloadIdentity": map[string]any{"enabled": true},
			"defender":         map[string]any{"securityMonitoring": map[string]any{"enabled": true}, "logAnalyticsWorkspaceResourceId": "/ws"},
			"imageCleaner":     map[string]any{"enabled": true},
			"azureKeyVaultKms": map[string]any{"enabled": true}},
		"autoUpgradeProfile": map[string]any{"upgradeChannel": "stable", "nodeOSUpgradeChannel": "NodeImage"},
		"agentPoolProfiles": []any{map[string]any{"name": "system", "mode": "System", "count": 2,
			"availabilityZones": []any{"1", "2"}, "enableEncryptionAtHost": true}},
		"addonProfiles": map[string]any{"omsagent": map[string]any{"enabled": true, "config": map[string]any{"useAADAuth": "true"}},
			"azurepolicy": map[string]any{"enabled": true}},
		"tags": tags,
	}
}

func vaultProps(purge any) map[string]any {
	return map[string]any{"properties": map[string]any{
		"enableRbacAuthorization": true, "enablePurgeProtection": purge, "publicNetworkAccess": "Disabled",
		"networkAcls": map[string]any{"defaultAction": "Deny"},
	}, "tags": tags}
}

// engineConfig builds the Configure request the engine sends: every policy at its default
// level with its schema defaults, then the overrides.
func engineConfig(t *testing.T, info *pulumirpc.AnalyzerInfo, overrides map[string]*pulumirpc.PolicyConfig,
) *pulumirpc.ConfigureAnalyzerRequest {
	t.Helper()
	req := &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: map[string]*pulumirpc.PolicyConfig{}}
	for _, p := range info.GetPolicies() {
		props := map[string]any{}
		for k, v := range p.GetConfigSchema().GetProperties().AsMap() {
			if d, ok := v.(map[string]any)["default"]; ok {
				props[k] = d
			}
		}
		s, err := structpb.NewStruct(props)
		require.NoError(t, err)
		req.PolicyConfig[p.GetName()] = &pulumirpc.PolicyConfig{EnforcementLevel: p.GetEnforcementLevel(), Properties: s}
	}
	for k, v := range overrides {
		req.PolicyConfig[k] = v
	}
	return req
}

func TestProtocol(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the pack binary")
	}
	engine, engineAddr := startEngine(t)
	client := startPack(t, engineAddr)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	proj, err := loadProject()
	require.NoError(t, err)

	// `pulumi policy publish` asks for the pack's metadata without configuring a stack first;
	// plain policyx panics here.
	plugInfo, err := client.GetPluginInfo(ctx, &emptypb.Empty{})
	require.NoError(t, err)
	assert.Equal(t, proj.Version, plugInfo.GetVersion())
	info, err := client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	require.NoError(t, err)
	assert.Equal(t, proj.Name, info.GetName())

	// What the engine does for a preview.
	dir := filepath.Dir(packBinary(t))
	_, err = client.Handshake(ctx, &pulumirpc.AnalyzerHandshakeRequest{
		EngineAddress: engineAddr, RootDirectory: &dir, ProgramDirectory: &dir})
	require.NoError(t, err)
	_, err = client.ConfigureStack(ctx, &pulumirpc.AnalyzerStackConfigureRequest{
		Stack: "weu-1", Project: "aks-platform", DryRun: true,
		Config: map[string]string{"aks-platform:environment": "prod"}})
	require.NoError(t, err)
	info, err = client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	require.NoError(t, err)

	t.Run("analyzer info", func(t *testing.T) {
		assert.Equal(t, proj.Name, info.GetName())
		assert.Equal(t, proj.Version, info.GetVersion())
		assert.True(t, info.GetSupportsConfig())
		require.Len(t, info.GetPolicies(), len(rules.All()))
		for i, rule := range rules.All() {
			p := info.GetPolicies()[i]
			assert.Equal(t, rule.Name, p.GetName())
			assert.Equal(t, severity(rule.Severity), p.GetSeverity(), rule.Name)
			wantType := pulumirpc.PolicyType_POLICY_TYPE_RESOURCE
			if rule.Stack() {
				wantType = pulumirpc.PolicyType_POLICY_TYPE_STACK
			}
			assert.Equal(t, wantType, p.GetPolicyType(), rule.Name)
			if rule.ProdOnly {
				assert.Contains(t, p.GetConfigSchema().GetProperties().AsMap(), "environment", rule.Name)
			}
		}
	})

	_, err = client.Configure(ctx, engineConfig(t, info, map[string]*pulumirpc.PolicyConfig{
		"azure-required-tags": {EnforcementLevel: pulumirpc.EnforcementLevel_DISABLED},
		"subnet-nsg": {EnforcementLevel: pulumirpc.EnforcementLevel_MANDATORY,
			Properties: mustStruct(t, map[string]any{"exemptSubnets": []any{"snet-legacy"}})},
	}))
	require.NoError(t, err)

	t.Run("analyze", func(t *testing.T) {
		for _, tc := range []struct {
			name, typ string
			props     map[string]any
			policy    string // "" for no diagnostic
			level     pulumirpc.EnforcementLevel
			sev       pulumirpc.PolicySeverity
			message   string
		}{
			{name: "private cluster", typ: "azure-native:containerservice:ManagedCluster",
				props: clusterProps(map[string]any{"enablePrivateCluster": true})},
			{name: "cluster open to the internet", typ: "azure-native:containerservice:ManagedCluster",
				props:  clusterProps(map[string]any{"authorizedIPRanges": []any{"0.0.0.0/0"}}),
				policy: "aks-api-server-access", level: pulumirpc.EnforcementLevel_MANDATORY,
				sev: pulumirpc.PolicySeverity_POLICY_SEVERITY_CRITICAL, message: `includes "0.0.0.0/0"`},
			{name: "cluster ranges unknown during preview", typ: "azure-native:containerservice:ManagedCluster",
				props: clusterProps(map[string]any{"enablePrivateCluster": unknownValue, "authorizedIPRanges": unknownValue})},
			{name: "vault with purge protection", typ: "azure-native:keyvault:Vault", props: vaultProps(true)},
			{name: "vault without purge protection", typ: "azure-native:keyvault:Vault", props: vaultProps(false),
				policy: "keyvault-purge-protection", level: pulumirpc.EnforcementLevel_MANDATORY,
				sev: pulumirpc.PolicySeverity_POLICY_SEVERITY_HIGH, message: "enablePurgeProtection must be true"},
			{name: "vault setting unknown", typ: "azure-native:keyvault:Vault", props: vaultProps(unknownValue)},
			{name: "secret value is secret", typ: "azure-native:keyvault:Secret",
				props: map[string]any{"properties": map[string]any{"value": secretValue("s3cr3t"), "attributes": map[string]any{"expires": 4102444800}}, "tags": tags}},
			{name: "secret value unknown", typ: "azure-native:keyvault:Secret",
				props: map[string]any{"properties": map[string]any{"value": unknownValue, "attributes": map[string]any{"expires": 4102444800}}, "tags": tags}},
			{name: "secret value in plain text", typ: "azure-native:keyvault:Secret",
				props:  map[string]any{"properties": map[string]any{"value": "s3cr3t", "attributes": map[string]any{"expires": 4102444800}}, "tags": tags},
				policy: "keyvault-secret-value-secret", level: pulumirpc.EnforcementLevel_MANDATORY,
				sev: pulumirpc.PolicySeverity_POLICY_SEVERITY_CRITICAL, message: "plain text"},
			{name: "prod-only rule sees prod from stack config", typ: "azure-native:containerregistry:Registry",
				props: map[string]any{"publicNetworkAccess": "Enabled", "tags": tags,
					"policies": map[string]any{"exportPolicy": map[string]any{"status": "disabled"}}},
				policy: "acr-public-network-disabled", level: pulumirpc.EnforcementLevel_MANDATORY,
				sev: pulumirpc.PolicySeverity_POLICY_SEVERITY_HIGH, message: "must be Disabled"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				resp, err := client.Analyze(ctx, &pulumirpc.AnalyzeRequest{
					Type: tc.typ, Name: "res", Urn: urnOf(tc.typ, "res"), Properties: marshal(t, tc.props)})
				require.NoError(t, err)
				if tc.policy == "" {
					assert.Empty(t, resp.GetDiagnostics())
					return
				}
				require.Len(t, resp.GetDiagnostics(), 1, "%v", resp.GetDiagnostics())
				d := resp.GetDiagnostics()[0]
				assert.Equal(t, tc.policy, d.GetPolicyName())
				assert.Equal(t, proj.Name, d.GetPolicyPackName())
				assert.Equal(t, tc.level, d.GetEnforcementLevel())
				assert.Equal(t, tc.sev, d.GetSeverity())
				assert.Equal(t, urnOf(tc.typ, "res"), d.GetUrn())
				assert.Contains(t, d.GetMessage(), tc.message)
			})
		}
	})

	t.Run("analyze stack", func(t *testing.T) {
		region := func(loc string) *pulumirpc.AnalyzerResource {
			return &pulumirpc.AnalyzerResource{Type: typetoken.Region, Name: loc, Urn: urnOf(typetoken.Region, loc),
				Properties: marshal(t, map[string]any{})}
		}
		subnet := func(name, loc string) *pulumirpc.AnalyzerResource {
			return &pulumirpc.AnalyzerResource{Type: "azure-native:network:Subnet", Name: name,
				Urn: urnOf("azure-native:network:Subnet", name), Parent: urnOf(typetoken.Region, loc),
				Properties: marshal(t, map[string]any{"subnetName": name})}
		}
		weu, neu := region("westeurope"), region("northeurope")
		legacy := subnet("snet-legacy", "westeurope") // exempt by config: no finding
		aks := subnet("snet-aks", "northeurope")
		aks.Properties = marshal(t, map[string]any{"subnetName": "snet-aks",
			"networkSecurityGroup": map[string]any{"id": unknownValue}})
		aks.PropertyDependencies = map[string]*pulumirpc.AnalyzerPropertyDependencies{
			"routeTable": {Urns: []string{legacy.GetUrn()}}}
		resp, err := client.AnalyzeStack(ctx, &pulumirpc.AnalyzeStackRequest{
			Resources: []*pulumirpc.AnalyzerResource{weu, neu, legacy, aks}})
		require.NoError(t, err)
		require.Len(t, resp.GetDiagnostics(), 1, "%v", resp.GetDiagnostics())
		d := resp.GetDiagnostics()[0]
		assert.Equal(t, "region-independence", d.GetPolicyName())
		assert.Equal(t, aks.GetUrn(), d.GetUrn())
		assert.Equal(t, pulumirpc.PolicySeverity_POLICY_SEVERITY_HIGH, d.GetSeverity())
		assert.Contains(t, d.GetMessage(), "of region westeurope")
	})

	engine.mu.Lock()
	defer engine.mu.Unlock()
	for _, l := range engine.logs {
		assert.NotEqual(t, pulumirpc.LogSeverity_ERROR, l.GetSeverity(), l.GetMessage())
	}
}

func mustStruct(t *testing.T, m map[string]any) *structpb.Struct {
	t.Helper()
	s, err := structpb.NewStruct(m)
	require.NoError(t, err)
	return s
}
