package conformance

import (
	"context"
	"fmt"
	"net/http"

	"github.com/aksplatform/platform/stacks"
)

// Connector returns the clients of one region's cluster.
type Connector func(ctx context.Context, region string) (Clients, error)

// Suite runs the conformance checks of one environment.
type Suite struct {
	// Env is the environment, defaulted (stacks.LoadFile returns it so).
	Env *stacks.Environment
	// Outputs are the stack's outputs, or nil when they are not available: then the checks
	// that need cloud values (client IDs, the ingress address) accept any well-formed value
	// and say so.
	Outputs Outputs
	// Connect reaches a region's cluster.
	Connect Connector
	// HTTP, when set, runs the health probe checks through Front Door and directly.
	HTTP *http.Client
}

// Region runs every check against region's cluster, in a fixed order: the control plane
// first (an unreachable API server is then reported by every check at once), then nodes,
// workloads, DNS, ingress, cert-manager, Argo CD, workload identity, secrets and HTTP.
func (s *Suite) Region(ctx context.Context, region string) []Result {
	x, err := Expect(s.Env, region, s.Outputs)
	if err != nil {
		return []Result{{Name: "config", Region: region, Status: Error, Expected: "the region in the stack config", Found: err.Error()}}
	}
	var out []Result
	clients, err := s.connect(ctx, region)
	if err != nil {
		out = append(out, Result{Name: "kubeconfig", Region: region, Status: Error,
			Expected: "credentials for the region's cluster", Found: err.Error()})
	} else {
		out = append(out, run(ctx, &cluster{Clients: clients, region: region}, x)...)
	}
	if s.HTTP != nil {
		out = append(out, probes(ctx, s.HTTP, region, x.Probes)...)
	}
	return out
}

func (s *Suite) connect(ctx context.Context, region string) (Clients, error) {
	if s.Connect == nil {
		return Clients{}, fmt.Errorf("no connector: nothing says how to reach the cluster")
	}
	c, err := s.Connect(ctx, region)
	if err == nil && (c.Kube == nil || c.Dynamic == nil) {
		err = fmt.Errorf("the connector returned no client")
	}
	return c, err
}

func run(ctx context.Context, c *cluster, x Expected) []Result {
	out := []Result{c.controlPlane(x.Version)}
	out = append(out, c.pools(ctx, x.Pools)...)
	out = append(out, c.workloads(ctx, x.Workloads)...)
	out = append(out, c.dns(ctx, x.DNSServiceIP))
	if x.Ingress != nil {
		out = append(out, c.ingressAddress(ctx, x.Ingress))
	}
	if x.ClusterIssuer != "" {
		out = append(out, c.clusterIssuer(ctx, x.ClusterIssuer))
	}
	out = append(out, c.applications(ctx, x.ArgoNamespaces)...)
	out = append(out, c.serviceAccounts(ctx, x.ServiceAccounts)...)
	out = append(out, c.secretProviderClasses(ctx, x.SecretProviderClasses)...)
	return out
}

// Run runs the checks of each region in turn; no regions means every region of the
// environment, in config order.
func (s *Suite) Run(ctx context.Context, regions ...string) Report {
	if len(regions) == 0 && s.Env != nil {
		for _, r := range s.Env.Regions {
			regions = append(regions, r.Location)
		}
	}
	var rep Report
	for _, r := range regions {
		rep.Results = append(rep.Results, s.Region(ctx, r)...)
	}
	return rep
}

// Gate adapts a suite to the upgrade runbook's gate: it runs the checks of one region and
// returns nil when all passed, else an error listing every check that did not pass with what
// it expected and found.
func Gate(s *Suite) func(ctx context.Context, region string) error {
	return func(ctx context.Context, region string) error {
		return Report{Results: s.Region(ctx, region)}.Err()
	}
}
