package envplan

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/internal/typetoken"
	"github.com/aksplatform/platform/policy/rules"
)

// Resources returns the resources of an offline plan as the rules see them, in graph order:
// the type without an azure-native API version, inputs as properties with secrets kept, the
// provider reference reduced to its URN. The offline plan knows no per-property dependencies.
func Resources(g *plan.Graph) []rules.Resource {
	out := make([]rules.Resource, 0, len(g.Resources))
	for _, r := range g.Resources {
		out = append(out, rules.Resource{
			Type:         typetoken.Base(r.Type),
			Name:         r.Name,
			URN:          r.URN,
			Parent:       r.Parent,
			ID:           r.ID,
			Properties:   resource.FromResourcePropertyMap(r.Inputs),
			Dependencies: r.Dependencies,
			Provider:     providerURN(r.Provider),
		})
	}
	return out
}

// providerURN strips the "::<id>" suffix of a provider reference ("urn:pulumi:...::name::id").
func providerURN(ref string) string {
	if i := strings.LastIndex(ref, "::"); i > 0 && strings.HasPrefix(ref, "urn:") {
		return ref[:i]
	}
	return ref
}
