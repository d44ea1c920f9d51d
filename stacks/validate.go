package stacks

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/aksplatform/platform/components/identity"
	"github.com/aksplatform/platform/components/network"
	"github.com/aksplatform/platform/validation"
)

// RequiredTags must be set under aks-platform:tags; the policy pack's tag rule checks them
// on every Azure resource (environment, region and managedBy are added by the stacks).
var RequiredTags = []string{"owner"}

var locationPattern = regexp.MustCompile(`^[a-z][a-z0-9]{2,29}$`)

// spec is what every component's Spec offers: documented defaults and a validation that
// names keys relative to the spec.
type spec interface {
	SetDefaults(production bool)
	Validate(production bool) error
}

// Validate checks the environment as it is: every section's own rules, the cross-section
// rules (workload secrets exist, regions are distinct) and the address plan (overlaps, subnet
// capacity for the chosen network plugin). It returns every problem at once, each naming its
// full config key. It is pure: it fills no default (call SetDefaults first; a value left out
// is reported like a wrong one), changes nothing and remembers nothing, so it checks an
// environment edited after loading as it is now. The Kubernetes version is judged against the
// AKS release calendar on the day Now (zero: the time of the run).
func (e *Environment) Validate() error { return e.validate(true) }

// validate is Validate; dated says whether to judge the Kubernetes version on the day Now.
// Loading (FromConfig) leaves that check out: the clock it would use is the loader's, while
// `aksplatform plan --today` and embedding tools set Now after loading, and Program, which
// validates again with that clock, is where the version is judged. So a file is never refused
// for a day it is not planned on.
func (e *Environment) validate(dated bool) error {
	prod := e.Kind.Production()
	var ps validation.Problems

	switch {
	case e.Kind == "":
		ps.Addf(Key("environment"), "is required: dev, staging or prod")
	case !e.Kind.valid():
		ps.Addf(Key("environment"), "%q is not one of dev, staging, prod", e.Kind)
	}
	e.validateName(&ps)
	for _, t := range RequiredTags {
		if e.Tags[t] == "" {
			ps.Addf(Key("tags."+t), "is required (the policy pack checks it on every Azure resource)")
		}
	}
	e.validateFirewall(&ps)
	e.validateRegions(&ps)
	if m := e.Management.Region; len(e.Regions) > 0 && !slices.ContainsFunc(e.Regions, func(r RegionSpec) bool { return r.Location == m }) {
		ps.Addf(Key("management.region"), "%q is not one of the regions: CI runs in the management subnet of one of the stack's hubs", m)
	}

	for _, sec := range e.sections() {
		ps.Merge(Key(sec.key), sec.spec.Validate(prod))
	}
	if dated {
		ps.Merge(Key("aks"), e.AKS.CheckSupport(e.Now))
	}
	// A Docker Hub image without a credential set, or an image from a registry the artifact
	// cache cannot pull from, fails here rather than in NewRegistry.
	ps.Merge(Key("registry"), e.Registry.ValidateCache(e.cacheImages()))
	e.validateIngressNetwork(&ps)
	e.validateMaintenance(&ps, prod)
	e.validateClusterVault(&ps)
	e.validateRegionVersions(&ps, prod, dated)
	e.validateWorkloadNamespaces(&ps)
	e.validateKubenetRoutes(&ps)
	e.validateFrontDoor(&ps)
	ps.Merge(Key("workloads"), identity.ValidateAll(e.Workloads, prod))
	e.checkWorkloadSecrets(&ps)
	if len(e.Regions) > 0 {
		e.validateAddresses(&ps)
	}
	return ps.Err()
}

type section struct {
	key  string
	spec spec
}

// sections lists the config sections backed by a component Spec, in config order.
func (e *Environment) sections() []section {
	return []section{
		{"aks", &e.AKS},
		{"registry", &e.Registry},
		{"monitoring", &e.Monitoring},
		{"ingress", &e.Ingress},
		{"keyVault", &e.KeyVault},
		{"gitops", &e.GitOps},
		{"thanos", &e.Thanos},
		{"frontDoor", &e.FrontDoor},
	}
}

func (e *Environment) validateRegions(ps *validation.Problems) {
	if len(e.Regions) == 0 {
		ps.Addf(Key("regions"), "at least one region is required, e.g. [{location: westeurope, hub: {addressSpace: 10.0.0.0/22}, spoke: {addressSpace: 10.1.0.0/16}}]")
		return
	}
	seen := map[string]int{}
	for i, r := range e.Regions {
		key := Key(validation.Index("regions", i) + ".location")
		switch {
		case r.Location == "":
			ps.Addf(key, "is required (an Azure region name such as westeurope)")
		case !locationPattern.MatchString(r.Location):
			ps.Addf(key, "%q is not an Azure region name (lowercase letters and digits, e.g. northeurope)", r.Location)
		default:
			if j, dup := seen[r.Location]; dup {
				ps.Addf(key, "%s is already regions[%d]; each region appears once", r.Location, j)
			}
			seen[r.Location] = i
		}
	}
}

// checkWorkloadSecrets makes sure every secret a workload mounts is one the vault generates.
func (e *Environment) checkWorkloadSecrets(ps *validation.Problems) {
	known := e.KeyVault.SecretNames()
	for i, w := range e.Workloads {
		for j, s := range w.Secrets {
			if !slices.Contains(known, s) {
				ps.Addf(Key(fmt.Sprintf("workloads[%d].secrets[%d]", i, j)),
					"%q is not generated by the vault; aks-platform:keyVault.secrets has %v", s, known)
			}
		}
	}
}

// AddressPlan computes the address plan of every region from the environment as it is now
// (address spaces, subnet sizes, and the cluster's pod and service CIDRs, which must overlap no
// VNet); each call computes it afresh. Its problems name full config keys. Program builds the
// regions from it; Validate checks it, with what each region's node subnet must hold.
func (e *Environment) AddressPlan() (*network.AddressPlan, error) {
	in := network.PlanInput{}
	for _, r := range e.Regions {
		in.Regions = append(in.Regions, network.RegionInput{
			Location:      r.Location,
			Hub:           r.Hub,
			Spoke:         r.Spoke,
			ClusterRanges: e.clusterRanges(),
		})
	}
	p, err := network.NewAddressPlan(in)
	if err != nil {
		var ps validation.Problems
		ps.Merge(Key(""), err)
		return nil, ps.Err()
	}
	return p, nil
}

// validateAddresses checks the address plan and that each region's node subnet holds what the
// cluster needs.
func (e *Environment) validateAddresses(ps *validation.Problems) {
	p, err := e.AddressPlan()
	if err != nil {
		ps.Merge("", err)
		return
	}
	for i, r := range p.Regions {
		if err := e.AKS.CheckNodeSubnet(r.Spoke.Private.Prefix); err != nil {
			var sub validation.Problems
			sub.Merge(Key("aks"), err)
			for _, pr := range sub {
				ps.Addf(pr.Key, "in regions[%d] (%s): %s", i, r.Location, pr.Reason)
			}
		}
	}
	e.checkInternalIngressIP(ps, p)
	e.validateHub(ps, p.Regions[0])
}

// validateHub checks the hub every region builds (hub.firewallPublicIps, the egress rules the
// components declare), on the first region's plan: the rest differ only in addresses, which the
// address plan has checked, as Validate has hub.firewallSku. The placement (resource group,
// location) is NewRegion's to wire, not a config key.
func (e *Environment) validateHub(ps *validation.Problems, rp network.RegionPlan) {
	var hub validation.Problems
	hub.Merge(Key("hub"), e.hubArgs(rp).Validate())
	for _, p := range hub {
		rel := strings.TrimPrefix(p.Key, Key("hub."))
		if !strings.HasPrefix(rel, "plan.") && !slices.Contains(hubKeysCheckedElsewhere, rel) {
			*ps = append(*ps, p)
		}
	}
}

// clusterRanges are the AKS pod and service CIDRs, keyed relative to the namespace.
func (e *Environment) clusterRanges() []network.NamedRange {
	rs := e.AKS.ClusterRanges()
	for i := range rs {
		rs[i].Key = validation.Join("aks", rs[i].Key)
	}
	return rs
}
