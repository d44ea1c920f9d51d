package stacks

import (
	"testing"

	"github.com/aksplatform/platform/internal/plan"
)

// BenchmarkValidateProd measures loading and validating the prod config, address plan included.
func BenchmarkValidateProd(b *testing.B) {
	cfg := stackConfig(b, "prod")
	for b.Loop() {
		if _, err := FromConfig(cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlanProd measures an offline plan of the whole prod stack (two regions).
func BenchmarkPlanProd(b *testing.B) {
	env, err := FromConfig(stackConfig(b, "prod"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := plan.Run(Project, "prod", Program(env)); err != nil {
			b.Fatal(err)
		}
	}
}
