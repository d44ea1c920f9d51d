package ingress

import (
	"strings"

	"github.com/aksplatform/platform/validation"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Args is what every controller takes: the spec (defaulted by the constructor on a copy) and
// the wiring to the spoke and the cluster. Fields a controller does not need may be nil.
type Args struct {
	Spec       Spec
	Production bool

	// ResourceGroupName and Location place the Azure resources (gateway, public IPs, identities).
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
	// PublicSubnetID is the spoke's public subnet, dedicated to the Application Gateway (agic).
	PublicSubnetID pulumi.StringInput
	// OIDCIssuerURL is the cluster's OIDC issuer, trusted by the federated credentials of AGIC
	// and, with certManager.dnsZone, of cert-manager.
	OIDCIssuerURL pulumi.StringInput
	// ClusterPrincipalID is the AKS control-plane identity, granted Network Contributor on
	// NGINX's static public IP so that the cloud provider can attach it (public nginx).
	ClusterPrincipalID pulumi.StringInput
	// FrontDoorID is the ID of the Azure Front Door in front of the ingress
	// (frontdoor.FrontDoor.FrontDoorID), or nil when there is none. With agic, the WAF policy
	// then blocks every request whose X-Azure-FDID header is not this ID, so that only this
	// front door (not another customer's) gets through. With nginx it changes nothing: the
	// spoke's NSG admitting only the AzureFrontDoor.Backend service tag protects it.
	FrontDoorID pulumi.StringInput
	// RegistryLoginServer is the platform registry (<name>.azurecr.io) whose artifact cache
	// mirrors every image in Needs; each chart's image values point there, so that nodes never
	// pull from the internet. Required.
	RegistryLoginServer pulumi.StringInput
	// CertificateHosts are the host names the ingress itself serves a certificate for before
	// any workload exists: the site's host name and this region's origin host name (the one
	// Front Door connects to and checks the certificate of). Needs cert-manager. NGINX serves
	// it on its default server; with agic it is issued into AGICNamespace as DefaultTLSSecret.
	CertificateHosts []string
	// HealthProbePath is the path Front Door's health probe requests; NGINX answers it with
	// 200 on its default server from the start. Empty means DefaultProbePath.
	HealthProbePath string
	// SharedHostName says that more than one region serves the same host name (behind one
	// Front Door); cert-manager must then solve DNS-01 (Spec.ValidateSharedHostName).
	SharedHostName bool
	// KubernetesProvider targets the cluster; every Kubernetes child uses it.
	KubernetesProvider pulumi.ProviderResource
	// LogAnalyticsWorkspaceID is the region's workspace, which receives the Application
	// Gateway's access and firewall logs (agic); required in production with agic.
	LogAnalyticsWorkspaceID pulumi.StringInput
	// Tags are applied to every Azure resource.
	Tags pulumi.StringMapInput
}

// prepare returns a copy of the args with the spec defaulted for args.Production and the
// probe path filled, or every problem at once. The caller's args are never modified:
// SetDefaults only assigns fields of the copy (new slices and pointers, never writing
// through the caller's).
func (args *Args) prepare() (*Args, error) {
	a := *args
	a.Spec.SetDefaults(a.Production)
	if a.HealthProbePath == "" {
		a.HealthProbePath = DefaultProbePath
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return &a, nil
}

// Validate checks the spec (as given: the constructors default a copy first) and the wiring
// the chosen controller needs; nothing is registered when it fails. Spec problems are keyed
// by their config keys, wiring problems by the input's camelCase name.
func (a *Args) Validate() error {
	if a == nil {
		return validation.Required(ModuleToken)
	}
	var ps validation.Problems
	ps.Merge("", a.Spec.Validate(a.Production))
	if a.SharedHostName {
		ps.Merge("", a.Spec.ValidateSharedHostName())
	}
	need := func(field string, v any, why string) {
		if v == nil {
			ps.Addf(field, "is required %s", why)
		}
	}
	need("kubernetesProvider", a.KubernetesProvider, "to create every Kubernetes resource through it")
	need("registryLoginServer", a.RegistryLoginServer, "so that every image is pulled through the platform registry's cache")
	switch a.Spec.Controller {
	case ControllerAGIC:
		need("resourceGroupName", a.ResourceGroupName, "for the Application Gateway")
		need("publicSubnetId", a.PublicSubnetID, "for the Application Gateway")
		need("oidcIssuerUrl", a.OIDCIssuerURL, "for AGIC's workload identity")
		if a.Production {
			need("logAnalyticsWorkspaceId", a.LogAnalyticsWorkspaceID, "in production: the Application Gateway's access and WAF logs go to the region's workspace")
		}
	case ControllerNGINX:
		if !a.Spec.Internal {
			need("resourceGroupName", a.ResourceGroupName, "for NGINX's static public IP")
			need("clusterPrincipalId", a.ClusterPrincipalID, "so that AKS may attach NGINX's static public IP")
		}
	}
	cm := a.Spec.CertManager
	if cm.IsEnabled() && cm.DNSZone != nil {
		need("resourceGroupName", a.ResourceGroupName, "for cert-manager's managed identity")
		need("oidcIssuerUrl", a.OIDCIssuerURL, "for cert-manager's workload identity")
	}
	if p := a.HealthProbePath; p != "" && (!strings.HasPrefix(p, "/") || strings.ContainsAny(p, " ?#")) {
		ps.Addf("healthProbePath", "%q must be a path starting with / (no query or fragment)", a.HealthProbePath)
	}
	a.validateCertificateHosts(&ps)
	return ps.Err()
}

// validateCertificateHosts checks the names the ingress gets a certificate for. Let's
// Encrypt issues wildcards only through DNS-01, and DNS-01 can only prove names inside the
// zone cert-manager may write to. https://letsencrypt.org/docs/challenge-types/
func (a *Args) validateCertificateHosts(ps *validation.Problems) {
	if len(a.CertificateHosts) == 0 {
		return
	}
	cm := a.Spec.CertManager
	if !cm.IsEnabled() {
		ps.Addf("certificateHosts", "need cert-manager, which certManager.enabled turns off")
		return
	}
	seen := map[string]bool{}
	for i, h := range a.CertificateHosts {
		key := validation.Index("certificateHosts", i)
		name, wildcard := strings.CutPrefix(h, "*.")
		switch {
		case !isDomainName(name):
			ps.Addf(key, "%q is not a host name", h)
		case seen[h]:
			ps.Addf(key, "%q is listed twice", h)
		case wildcard && cm.DNSZone == nil:
			ps.Addf(key, "%q: Let's Encrypt issues wildcard certificates only through DNS-01; set certManager.dnsZone", h)
		case cm.DNSZone != nil && name != cm.DNSZone.Name && !strings.HasSuffix(name, "."+cm.DNSZone.Name):
			ps.Addf(key, "%q is outside certManager.dnsZone %s, where cert-manager writes its DNS-01 records", h, cm.DNSZone.Name)
		}
		seen[h] = true
	}
}
