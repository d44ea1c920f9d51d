package conformance

import (
	"fmt"
	"strings"

	"github.com/aksplatform/platform/components/frontdoor"
	"github.com/aksplatform/platform/components/gitops"
	"github.com/aksplatform/platform/components/ingress"
	"github.com/aksplatform/platform/stacks"
)

// Expected is what one region's cluster should run, derived from the stack config (and, for
// the values only the cloud knows, from the stack outputs when they are given).
type Expected struct {
	Region string
	// Version is the control plane's Kubernetes version, "" for any (left to AKS).
	Version string
	// Pools are the agent pools with the Kubernetes version each should run.
	Pools []Pool
	// Workloads are the Deployments and StatefulSets that must be available.
	Workloads []Workload
	// DNSServiceIP is the cluster DNS Service's address (aks.dnsServiceIp).
	DNSServiceIP string
	// Ingress is the object whose status carries the ingress address; nil when none does
	// (AGIC without Front Door has no probe Ingress).
	Ingress *IngressObject
	// ClusterIssuer is cert-manager's ClusterIssuer; "" when cert-manager is off.
	ClusterIssuer string
	// ArgoNamespaces hold the Argo CD Applications; nil when GitOps is off.
	ArgoNamespaces []string
	// ServiceAccounts are the workloads' federated ServiceAccounts.
	ServiceAccounts []ServiceAccount
	// SecretProviderClasses are the workloads' SecretProviderClasses (workloads with secrets).
	SecretProviderClasses []Object
	// Probes are the HTTP health probe targets (through Front Door and directly); nil when
	// Front Door is off.
	Probes []Probe
}

// Pool is one AKS agent pool; Version is "major.minor[.patch]" or "" when the config leaves
// it to AKS (dev without kubernetesVersion), in which case any version passes.
type Pool struct {
	Name    string
	Version string
}

// Kind of workload controller.
const (
	Deployment  = "Deployment"
	StatefulSet = "StatefulSet"
)

// Workload is a Deployment or StatefulSet that must be available.
type Workload struct {
	Kind string
	Object
}

// Object names a namespaced object.
type Object struct {
	Namespace, Name string
}

// IngressObject is a Service (NGINX's load balancer) or an Ingress (AGIC's probe Ingress)
// whose status must carry the ingress address. Address is the expected address, "" for any.
type IngressObject struct {
	Kind    string // "Service" or "Ingress"
	Object  Object
	Address string
	// Source says where Address came from.
	Source string
}

// ServiceAccount is a workload's federated ServiceAccount; ClientID is the identity's client
// ID from the stack outputs, or "" when they are not available (then any GUID passes).
type ServiceAccount struct {
	Workload string
	Object
	ClientID string
}

// Probe is one HTTP health probe: URL requested with the Host header Host.
type Probe struct {
	Name, URL, Host string
}

// Names of what AKS itself runs in kube-system (managed add-ons, not configurable): CoreDNS
// and its Service kube-dns, metrics-server, the konnectivity agent that tunnels API server to
// node traffic, and the workload identity webhook that the cluster's securityProfile turns on
// (https://learn.microsoft.com/azure/aks/workload-identity-overview).
const (
	SystemNamespace = "kube-system"
	DNSService      = "kube-dns"
	WebhookName     = "azure-wi-webhook-controller-manager"
)

var systemDeployments = []string{"coredns", "metrics-server", "konnectivity-agent"}

// cert-manager's chart (release cert-manager) runs three Deployments named after the release.
var certManagerDeployments = []string{"cert-manager", "cert-manager-cainjector", "cert-manager-webhook"}

// ClientIDOutput is the stack output that carries a workload identity's client ID
// ("<region>.workloads.<name>.clientId", named by stacks). A stack deployed before it was
// exported lacks it; then ServiceAccounts are checked for a non-empty GUID and the check says so.
func ClientIDOutput(region, workload string) string {
	return stacks.RegionOutput(region, stacks.WorkloadClientIDOutput(workload))
}

// Expect derives what region's cluster should run from env, which must be defaulted (as
// stacks.LoadFile returns it), and from the stack outputs when given (nil otherwise).
func Expect(env *stacks.Environment, region string, outputs Outputs) (Expected, error) {
	if env == nil {
		return Expected{}, fmt.Errorf("conformance: the environment is nil")
	}
	var spec *stacks.RegionSpec
	for i := range env.Regions {
		if env.Regions[i].Location == region {
			spec = &env.Regions[i]
		}
	}
	if spec == nil {
		return Expected{}, fmt.Errorf("region %q is not in the environment (regions: %s)", region, regionList(env))
	}
	cluster, _ := env.ClusterSpec(region) // the region's version override included
	x := Expected{Region: region, Version: cluster.KubernetesVersion}
	if ip := cluster.DNSServiceIP; ip.IsValid() {
		x.DNSServiceIP = ip.String()
	}
	for _, p := range cluster.Pools() {
		v := p.Pool.OrchestratorVersion
		if v == "" {
			v = cluster.KubernetesVersion
		}
		x.Pools = append(x.Pools, Pool{Name: p.Pool.Name, Version: v})
	}
	add := func(kind, ns string, names ...string) {
		for _, n := range names {
			x.Workloads = append(x.Workloads, Workload{Kind: kind, Object: Object{ns, n}})
		}
	}
	add(Deployment, SystemNamespace, systemDeployments...)
	add(Deployment, SystemNamespace, WebhookName)
	x.Ingress = expectIngress(env, region, outputs, add)
	if env.Ingress.CertManager.IsEnabled() {
		add(Deployment, ingress.CertManagerNamespace, certManagerDeployments...)
		x.ClusterIssuer = ingress.ClusterIssuerName
	}
	if env.GitOps.IsEnabled() {
		for _, in := range []struct{ ns, release string }{
			{gitops.PlatformNamespace, gitops.PlatformRelease},
			{gitops.ApplicationsNamespace, gitops.ApplicationsRelease},
		} {
			// The argo-cd chart names its workloads <release>-<component> (its nameOverride
			// "argocd" is contained in both release names); the application controller is a
			// StatefulSet.
			add(Deployment, in.ns, in.release+"-server", in.release+"-repo-server", in.release+"-applicationset-controller")
			add(StatefulSet, in.ns, in.release+"-application-controller")
			x.ArgoNamespaces = append(x.ArgoNamespaces, in.ns)
		}
	}
	for _, w := range env.Workloads {
		id, _ := outputs.String(ClientIDOutput(region, w.Name))
		x.ServiceAccounts = append(x.ServiceAccounts, ServiceAccount{Workload: w.Name, Object: Object{w.Namespace, w.ServiceAccount}, ClientID: id})
		if len(w.Secrets) > 0 {
			x.SecretProviderClasses = append(x.SecretProviderClasses, Object{w.Namespace, w.SecretProviderClassName()})
		}
	}
	if fd := env.FrontDoor; fd.IsEnabled() {
		x.Probes = []Probe{
			{Name: "http/frontdoor", URL: "https://" + fd.HostName + frontdoor.HealthProbePath, Host: fd.HostName},
			{Name: "http/origin", URL: "https://" + fd.OriginHostName(region) + frontdoor.HealthProbePath, Host: fd.OriginHostHeader()},
		}
	}
	return x, nil
}

// expectIngress adds the controller's Deployment and returns the object that carries its
// address. NGINX (release ingress.NGINXRelease) runs the chart's <release>-controller
// Deployment behind the LoadBalancer Service of the same name; AGIC runs one Deployment named
// after its release and writes the gateway's address into its probe Ingress, which exists
// only behind Front Door.
func expectIngress(env *stacks.Environment, region string, outputs Outputs, add func(kind, ns string, names ...string)) *IngressObject {
	key := stacks.RegionOutput(region, "ingressAddress")
	addr, source := outputs.String(key)
	src := "stack output " + key
	if !source {
		addr, src = "", "no stack outputs: any address"
	}
	switch env.Ingress.Controller {
	case ingress.ControllerNGINX:
		name := ingress.NGINXRelease + "-controller"
		add(Deployment, ingress.NGINXNamespace, name)
		if !source && env.Ingress.Internal {
			addr, src = env.Ingress.NGINX.PrivateIP, "ingress.nginx.privateIP"
		}
		return &IngressObject{Kind: "Service", Object: Object{ingress.NGINXNamespace, name}, Address: addr, Source: src}
	case ingress.ControllerAGIC:
		add(Deployment, ingress.AGICNamespace, ingress.AGICServiceAccount)
		if env.FrontDoor.IsEnabled() {
			return &IngressObject{Kind: "Ingress", Object: Object{ingress.AGICNamespace, ingress.AGICProbeName}, Address: addr, Source: src}
		}
	}
	return nil
}

func regionList(env *stacks.Environment) string {
	names := make([]string, len(env.Regions))
	for i, r := range env.Regions {
		names[i] = r.Location
	}
	return strings.Join(names, ", ")
}

// Outputs are a stack's outputs by name, as plain values (secrets revealed): the kubeconfig
// per region, the ingress address, client IDs. A nil Outputs means none are available.
type Outputs map[string]any

// String returns the output key as a non-empty string.
func (o Outputs) String(key string) (string, bool) {
	s, ok := o[key].(string)
	return s, ok && s != ""
}
