package rules

import (
	"fmt"

	"github.com/aksplatform/platform/internal/typetoken"
)

func stackRules() []Rule {
	return []Rule{
		{
			Name: "region-independence",
			Description: "No resource of one region depends on a resource of another region, so one region " +
				"failing leaves the others deployable.",
			Level: Mandatory, Severity: High, Types: nil,
			CheckStack: checkRegionIndependence,
		},
	}
}

func checkRegionIndependence(rs []Resource, _ Settings) []Finding {
	byURN := make(map[string]Resource, len(rs))
	for _, r := range rs {
		byURN[r.URN] = r
	}
	regionCache := map[string]string{}
	var regionOf func(urn string, depth int) string
	regionOf = func(urn string, depth int) string {
		if region, ok := regionCache[urn]; ok {
			return region
		}
		r, ok := byURN[urn]
		region := ""
		switch {
		case !ok || depth > len(rs):
		case r.Type == typetoken.Region:
			region = r.Name
		case r.Parent != "":
			region = regionOf(r.Parent, depth+1)
		}
		regionCache[urn] = region
		return region
	}
	var out []Finding
	for _, r := range rs {
		home := regionOf(r.URN, 0)
		if home == "" {
			continue // global resources may see every region
		}
		deps := r.AllDependencies()
		if r.Provider != "" {
			deps = append(deps, r.Provider)
		}
		for _, dep := range deps {
			if other := regionOf(dep, 0); other != "" && other != home {
				what := "depends on"
				if dep == r.Provider {
					what = "uses the provider"
				}
				out = append(out, Finding{URN: r.URN, Message: fmt.Sprintf(
					"%s (region %s) %s %s of region %s", r.Name, home, what, dep, other)})
			}
		}
	}
	return out
}
