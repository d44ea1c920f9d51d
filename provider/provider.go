// Package provider serves the platform's components as the Pulumi package aksplatform, so
// that TypeScript, Python, C#, Java and YAML programs build them through `pulumi package add`.
// Every component keeps the type token its Go constructor registers (aksplatform:aks:Cluster),
// so a Go program and a program in another language build identical resources.
//
// The boundary types (zz_generated.go) are generated from the component packages' source by
// internal/gen: each component's args are its Spec's fields under their config keys plus its
// wiring (Inputs stay Inputs, plain values that decide sizing stay plain), described by the
// same doc comments and SetDefaults tables the README's configuration tables come from.
// Defaults are shown as dev / prod where they differ; the components apply them, exactly as in
// Go. Regenerate after changing a Spec: go generate ./provider/...
package provider

import (
	"context"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// Name is the Pulumi package name: the first segment of every type token.
const Name = "aksplatform"

// Version is the package's version, the one place it is set: the plugin reports it, the
// schema carries it, and a release tag (v<Version>) names it. Release builds may override it
// with -ldflags "-X github.com/aksplatform/platform/provider.Version=1.2.3".
var Version = "0.1.0"

// New returns the provider serving every component.
func New() (p.Provider, error) {
	return infer.NewProviderBuilder().
		WithDisplayName("AKS Platform").
		WithDescription("A production Kubernetes platform on Azure: hub-and-spoke networking, AKS, ingress, Key Vault, workload identity, GitOps, composed per region.").
		WithKeywords("azure", "kubernetes", "aks", "category/cloud", "kind/component").
		WithRepository("https://github.com/aksplatform/platform").
		WithLicense("Apache-2.0").
		WithNamespace("aksplatform").
		WithModuleMap(map[tokens.ModuleName]tokens.ModuleName{"provider": "index"}).
		WithComponents(
			infer.ComponentF(newNetworkHub),
			infer.ComponentF(newNetworkSpoke),
			infer.ComponentF(newNetworkPeering),
			infer.ComponentF(newAksCluster),
			infer.ComponentF(newRegistryRegistry),
			infer.ComponentF(newMonitoringWorkspace),
			infer.ComponentF(newKeyvaultVault),
			infer.ComponentF(newIdentityWorkloadIdentity),
			infer.ComponentF(newIngressAGIC),
			infer.ComponentF(newIngressNGINX),
			infer.ComponentF(newGitopsArgoCD),
			infer.ComponentF(newFrontdoorFrontDoor),
			infer.ComponentF(newStacksRegion),
		).
		Build()
}

// Run serves the provider to the Pulumi engine (the plugin's main).
func Run(ctx context.Context) error {
	prov, err := New()
	if err != nil {
		return err
	}
	return p.RunProvider(ctx, Name, Version, prov)
}
