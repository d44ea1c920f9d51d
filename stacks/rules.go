package stacks

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"

	"github.com/aksplatform/platform/components/aks"
	"github.com/aksplatform/platform/components/gitops"
	"github.com/aksplatform/platform/components/ingress"
	"github.com/aksplatform/platform/components/network"
	"github.com/aksplatform/platform/components/thanos"
	"github.com/aksplatform/platform/validation"
)

// Cross-section rules: what no component can check on its own because it takes two sections
// (or a section and the address plan) to see it. Each is reported under the key to change.

// namePattern is what aks-platform:name may look like: it is part of every resource name
// (resource groups, the cluster and its DNS prefix), so the strictest of their rules applies.
var namePattern = regexp.MustCompile(`^[a-z][a-z0-9-]*[a-z0-9]$`)

// maxClusterName is the longest AKS cluster name AKS accepts.
const maxClusterName = 63

// regionName is the name every resource of a region starts with: <name>-<location>.
func (e *Environment) regionName(location string) string {
	return fmt.Sprintf("%s-%s", e.Name, location)
}

// clusterName is the name of a region's AKS cluster component (and cluster resource).
func (e *Environment) clusterName(location string) string { return e.regionName(location) + "-aks" }

// validateName checks aks-platform:name against the names derived from it. An empty name is
// reported only when the environment is a stage: otherwise that is the problem to fix, and
// SetDefaults fills the name from it.
func (e *Environment) validateName(ps *validation.Problems) {
	if e.Name == "" {
		if e.Kind.valid() {
			ps.Addf(Key("name"), "is required (SetDefaults sets it to the environment, %q)", e.Kind)
		}
		return
	}
	if !namePattern.MatchString(e.Name) {
		ps.Addf(Key("name"), "%q must be lowercase letters, digits and '-', start with a letter and end with a letter or digit: it is part of every resource name", e.Name)
		return
	}
	for i, r := range e.Regions {
		if n := len(e.clusterName(r.Location)); n > maxClusterName {
			ps.Addf(Key("name"), "%q makes the cluster of regions[%d] %q, %d characters; AKS allows %d", e.Name, i, e.clusterName(r.Location), n, maxClusterName)
		}
	}
}

// validateKubenetRoutes counts the hub firewall's default route: it shares the node subnet's
// route table (400 routes at most) with kubenet's one route per node. Beyond 400 nodes the aks
// section reports the limit itself.
func (e *Environment) validateKubenetRoutes(ps *validation.Problems) {
	if e.AKS.NetworkPlugin != aks.Kubenet || !e.Hub.Firewall {
		return
	}
	if nodes := e.AKS.Demand().Nodes(); nodes == aks.KubenetMaxNodes {
		ps.Addf(Key("aks.networkPlugin"), "kubenet needs a route per node and the route table also holds the default route to the hub firewall: %d nodes (upgrade surge included) + 1 > %d routes; lower maxCount or maxSurge, or use azure-overlay",
			nodes, aks.KubenetMaxNodes)
	}
}

// validateDrain checks regions[].serving: draining takes a region out of the global entry
// point, so it needs one (without Front Door nothing routes around the region), and at least
// one region must keep serving or the site is down.
func (e *Environment) validateDrain(ps *validation.Problems) {
	serving := 0
	for i, r := range e.Regions {
		if r.IsServing() {
			serving++
			continue
		}
		if !e.FrontDoor.IsEnabled() {
			ps.Addf(Key(validation.Index("regions", i)+".serving"), "false drains %s from the global entry point, but frontDoor.enabled is false: there is none, and clients reach the region directly", r.Location)
		}
	}
	if serving == 0 && len(e.Regions) > 0 {
		ps.Addf(Key("regions"), "every region has serving: false; keep at least one region serving, or the site is down")
	}
}

// validateFrontDoor makes sure Front Door can reach every region's ingress: the origins must
// be public. (frontdoor.Spec.Validate requires frontDoor.hostName, which names the origins.)
func (e *Environment) validateFrontDoor(ps *validation.Problems) {
	e.validateDrain(ps)
	if !e.FrontDoor.IsEnabled() {
		return
	}
	if e.Ingress.Internal {
		ps.Addf(Key("frontDoor.enabled"), "Front Door reaches the regions' ingress over the internet, but ingress.internal puts it on a private IP; turn one of them off")
	}
	// Every region serves the one host name behind Front Door, and Front Door sends a
	// validation request to any region: cert-manager must solve DNS-01 (certManager.dnsZone).
	ps.Merge(Key("ingress"), e.Ingress.ValidateSharedHostName())
}

// validateIngressNetwork rejects ingress choices the network cannot carry. It runs after the
// sections' defaults are applied.
func (e *Environment) validateIngressNetwork(ps *validation.Problems) {
	in := e.Ingress
	switch {
	case in.Controller == ingress.ControllerNGINX && !in.Internal && e.Hub.Firewall:
		ps.Addf(Key("ingress.internal"), "a public NGINX load balancer cannot work behind the hub firewall: the node subnet's default route (userDefinedRouting) sends the replies through the firewall, which drops them as asymmetric; set ingress.internal: true and publish it through the firewall (DNAT), or use controller agic")
	case in.Controller == ingress.ControllerAGIC && e.AKS.NetworkPlugin == aks.Kubenet:
		ps.Addf(Key("ingress.controller"), "agic with aks.networkPlugin kubenet: Application Gateway sends requests to pod IPs of the pod CIDR, which only the node subnet's route table routes, and the gateway subnet has no route table (behind a hub firewall it cannot have that one); use aks.networkPlugin azure, or controller nginx")
	}
}

// checkInternalIngressIP makes sure an internal NGINX load balancer's static IP is an address
// AKS can give it in every region: a usable address of the region's node subnet, where AKS
// places internal load balancers.
func (e *Environment) checkInternalIngressIP(ps *validation.Problems, p *network.AddressPlan) {
	if e.Ingress.Controller != ingress.ControllerNGINX || !e.Ingress.Internal {
		return
	}
	ip, err := netip.ParseAddr(e.Ingress.NGINX.PrivateIP)
	if err != nil {
		return // the ingress section reports it
	}
	for i, r := range p.Regions {
		subnet := r.Spoke.Private.Prefix
		switch {
		case !subnet.Contains(ip):
			ps.Addf(Key("ingress.nginx.privateIP"), "%s is outside the node subnet %s of regions[%d] (%s), where AKS places the internal load balancer; one address cannot serve two regions' spokes",
				ip, subnet, i, r.Location)
		case network.IsAzureReserved(subnet, ip):
			ps.Addf(Key("ingress.nginx.privateIP"), "%s is reserved by Azure in the node subnet %s of regions[%d] (%s) (its first four and last addresses)",
				ip, subnet, i, r.Location)
		}
	}
}

// workloadNamespaces lists the namespaces of the workloads, each once, in config order: the
// applications Argo CD instance deploys into them.
func (e *Environment) workloadNamespaces() []string {
	var out []string
	for _, w := range e.Workloads {
		if !slices.Contains(out, w.Namespace) {
			out = append(out, w.Namespace)
		}
	}
	return out
}

// validateWorkloadNamespaces keeps workloads out of the Argo CD namespaces, which the GitOps
// bootstrap owns.
func (e *Environment) validateWorkloadNamespaces(ps *validation.Problems) {
	if !e.GitOps.IsEnabled() {
		return
	}
	for i, w := range e.Workloads {
		if w.Namespace == gitops.PlatformNamespace || w.Namespace == gitops.ApplicationsNamespace {
			ps.Addf(Key(fmt.Sprintf("workloads[%d].namespace", i)), "%q belongs to Argo CD (aks-platform:gitops); give the workload its own namespace", w.Namespace)
		}
	}
	e.validatePlatformRepository(ps)
}

// validatePlatformRepository keeps the workloads out of what the shipped platform repository
// (gitops/platform) runs, and refuses to sync that repository without the Azure side it needs:
// its Thanos and Grafana read the storage account, identities and vault secret that thanos.*
// builds, and without them the chart has no values to render.
func (e *Environment) validatePlatformRepository(ps *validation.Problems) {
	if !e.Thanos.IsEnabled() {
		if e.GitOps.Platform.Path == gitops.DefaultPlatformPath {
			ps.Addf(Key("thanos.enabled"), "is false, but gitops.platform.path is %s, whose Thanos and Grafana need the storage, identities and Grafana secret that thanos builds; keep thanos on or point gitops.platform.path at your own platform repository", gitops.DefaultPlatformPath)
		}
		return
	}
	grafana := grafanaSpec()
	for i, w := range e.Workloads {
		if w.Name == grafana.Name {
			ps.Addf(Key(fmt.Sprintf("workloads[%d].name", i)), "%q is the platform's Grafana identity (thanos); name the workload differently", w.Name)
		}
		if w.Namespace == thanos.Namespace {
			ps.Addf(Key(fmt.Sprintf("workloads[%d].namespace", i)), "%q belongs to the platform's monitoring (thanos, gitops/platform); give the workload its own namespace", w.Namespace)
		}
	}
}
