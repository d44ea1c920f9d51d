package main

import (
	"context"
	"sync"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/aksplatform/platform/policy/rules"
)

// guard is the analyzer server the engine talks to. It forwards every call to policyx's own
// server (which does the real work) and covers what policyx v3.274.1 gets wrong:
//   - GetPluginInfo, GetAnalyzerInfo, Analyze, AnalyzeStack and Remediate dereference a pack
//     that only ConfigureStack creates, so called first (as `pulumi policy publish` does) they
//     panic and kill the plugin. The guard configures policyx with an empty stack first.
//   - Severity and policy type are never sent; the guard adds them from the rules.
//   - Stack policies get no config; the guard records Configure's config for them.
type guard struct {
	pulumirpc.UnimplementedAnalyzerServer

	inner       pulumirpc.AnalyzerClient
	store       *optionStore
	description string
	rules       map[string]rules.Rule

	mu         sync.Mutex
	engineAddr string // from the command line until Handshake says otherwise
	handshaken bool
	configured bool
}

func newGuard(inner pulumirpc.AnalyzerClient, store *optionStore, engineAddr, description string) *guard {
	byName := map[string]rules.Rule{}
	for _, r := range rules.All() {
		byName[r.Name] = r
	}
	return &guard{inner: inner, store: store, engineAddr: engineAddr, description: description, rules: byName}
}

// ensureConfigured makes sure policyx has a pack before a call that needs one.
func (g *guard) ensureConfigured(ctx context.Context) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.configured {
		return nil
	}
	if !g.handshaken {
		if _, err := g.inner.Handshake(ctx, &pulumirpc.AnalyzerHandshakeRequest{EngineAddress: g.engineAddr}); err != nil {
			return err
		}
		g.handshaken = true
	}
	if _, err := g.inner.ConfigureStack(ctx, &pulumirpc.AnalyzerStackConfigureRequest{}); err != nil {
		return err
	}
	g.configured = true
	return nil
}

func (g *guard) Handshake(ctx context.Context, req *pulumirpc.AnalyzerHandshakeRequest,
) (*pulumirpc.AnalyzerHandshakeResponse, error) {
	resp, err := g.inner.Handshake(ctx, req)
	if err == nil {
		g.mu.Lock()
		g.handshaken, g.engineAddr = true, req.GetEngineAddress()
		g.mu.Unlock()
	}
	return resp, err
}

func (g *guard) ConfigureStack(ctx context.Context, req *pulumirpc.AnalyzerStackConfigureRequest,
) (*pulumirpc.AnalyzerStackConfigureResponse, error) {
	resp, err := g.inner.ConfigureStack(ctx, req)
	if err == nil {
		g.mu.Lock()
		g.configured = true
		g.mu.Unlock()
	}
	return resp, err
}

func (g *guard) Configure(ctx context.Context, req *pulumirpc.ConfigureAnalyzerRequest) (*emptypb.Empty, error) {
	options := map[string]map[string]any{}
	for name, c := range req.GetPolicyConfig() {
		options[name] = c.GetProperties().AsMap()
	}
	g.store.set(options)
	return g.inner.Configure(ctx, req)
}

func (g *guard) GetPluginInfo(ctx context.Context, req *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	if err := g.ensureConfigured(ctx); err != nil {
		return nil, err
	}
	return g.inner.GetPluginInfo(ctx, req)
}

func (g *guard) GetAnalyzerInfo(ctx context.Context, req *emptypb.Empty) (*pulumirpc.AnalyzerInfo, error) {
	if err := g.ensureConfigured(ctx); err != nil {
		return nil, err
	}
	info, err := g.inner.GetAnalyzerInfo(ctx, req)
	if err != nil {
		return nil, err
	}
	info.Description = g.description
	info.Provider = "azure"
	for _, p := range info.GetPolicies() {
		rule, ok := g.rules[p.GetName()]
		if !ok {
			continue
		}
		p.Severity = severity(rule.Severity)
		p.PolicyType = pulumirpc.PolicyType_POLICY_TYPE_RESOURCE
		if rule.Stack() {
			p.PolicyType = pulumirpc.PolicyType_POLICY_TYPE_STACK
		}
	}
	return info, nil
}

func (g *guard) Analyze(ctx context.Context, req *pulumirpc.AnalyzeRequest) (*pulumirpc.AnalyzeResponse, error) {
	if err := g.ensureConfigured(ctx); err != nil {
		return nil, err
	}
	return g.withSeverity(g.inner.Analyze(ctx, req))
}

func (g *guard) AnalyzeStack(ctx context.Context, req *pulumirpc.AnalyzeStackRequest,
) (*pulumirpc.AnalyzeResponse, error) {
	if err := g.ensureConfigured(ctx); err != nil {
		return nil, err
	}
	return g.withSeverity(g.inner.AnalyzeStack(ctx, req))
}

func (g *guard) Remediate(ctx context.Context, req *pulumirpc.AnalyzeRequest) (*pulumirpc.RemediateResponse, error) {
	if err := g.ensureConfigured(ctx); err != nil {
		return nil, err
	}
	return g.inner.Remediate(ctx, req)
}

func (g *guard) Cancel(ctx context.Context, req *emptypb.Empty) (*emptypb.Empty, error) {
	return g.inner.Cancel(ctx, req)
}

func (g *guard) withSeverity(resp *pulumirpc.AnalyzeResponse, err error) (*pulumirpc.AnalyzeResponse, error) {
	if err != nil {
		return nil, err
	}
	for _, d := range resp.GetDiagnostics() {
		if rule, ok := g.rules[d.GetPolicyName()]; ok {
			d.Severity = severity(rule.Severity)
		}
	}
	return resp, nil
}

// severities maps the rules' severities to the engine's; an unknown one is unspecified.
var severities = map[rules.Severity]pulumirpc.PolicySeverity{
	rules.Low:      pulumirpc.PolicySeverity_POLICY_SEVERITY_LOW,
	rules.Medium:   pulumirpc.PolicySeverity_POLICY_SEVERITY_MEDIUM,
	rules.High:     pulumirpc.PolicySeverity_POLICY_SEVERITY_HIGH,
	rules.Critical: pulumirpc.PolicySeverity_POLICY_SEVERITY_CRITICAL,
}

func severity(s rules.Severity) pulumirpc.PolicySeverity { return severities[s] }
