package provider

import (
	"net/netip"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/validation"
)

//go:generate go run ./internal/gen/cmd -root .. -out zz_generated.go
//go:generate go run ./internal/schemagen

// parsePrefix parses a CIDR given as a string, recording a malformed one under key; empty is
// the zero prefix, which the components read as "left out".
func parsePrefix(ps *validation.Problems, key, s string) netip.Prefix {
	if s == "" {
		return netip.Prefix{}
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		ps.Addf(key, "%q is not a CIDR prefix (like 10.0.0.0/16)", s)
	}
	return p
}

// parseAddr parses an IP address given as a string, recording a malformed one under key.
func parseAddr(ps *validation.Problems, key, s string) netip.Addr {
	if s == "" {
		return netip.Addr{}
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		ps.Addf(key, "%q is not an IP address", s)
	}
	return a
}

// mapSlice converts each element of in, keyed key[i]; nil stays nil and empty stays empty
// (zones: [] means no zones, left out means the default).
func mapSlice[M, S any](in []M, key string, f func(M, string) S) []S {
	if in == nil {
		return nil
	}
	out := make([]S, len(in))
	for i, v := range in {
		out[i] = f(v, validation.Index(key, i))
	}
	return out
}

// mapMap converts each value of in, keyed key.<name>.
func mapMap[M, S any](in map[string]M, key string, f func(M, string) S) map[string]S {
	if in == nil {
		return nil
	}
	out := make(map[string]S, len(in))
	for k, v := range in {
		out[k] = f(v, validation.Join(key, k))
	}
	return out
}

// mapPtr converts the value in points to; nil (left out) stays nil.
func mapPtr[M, S any](in *M, key string, f func(M, string) S) *S {
	if in == nil {
		return nil
	}
	out := f(*in, key)
	return &out
}

// kubernetesProvider is the Kubernetes provider of the cluster whose kubeconfig a component
// deploying into it was given; nil without one, so the component reports it as missing.
func kubernetesProvider(ctx *pulumi.Context, name string, kubeconfig pulumi.StringInput) (pulumi.ProviderResource, error) {
	if kubeconfig == nil {
		return nil, nil
	}
	return kubernetes.NewProvider(ctx, name+"-kubernetes", &kubernetes.ProviderArgs{Kubeconfig: kubeconfig})
}

// fromPtr converts the object in points to; left out (nil), it converts the zero object, which
// is what a Go caller leaving the field out passes.
func fromPtr[M, S any](in *M, key string, f func(M, string) S) S {
	var m M
	if in != nil {
		m = *in
	}
	return f(m, key)
}
