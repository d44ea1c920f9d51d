package ingress

import (
	"net/netip"
	"net/url"
	"strings"

	"github.com/aksplatform/platform/validation"
)

// Azure limits for Application Gateway v2 autoscaling, in capacity units.
const (
	maxGatewayCapacity    = 125
	minGatewayMaxCapacity = 2
)

// Validate returns nil or a *validation.Error listing every problem, each keyed relative to
// aks-platform:ingress. Call it after SetDefaults.
func (s Spec) Validate(production bool) error {
	var ps validation.Problems
	switch s.Controller {
	case ControllerNGINX:
		s.validateNGINX(&ps, production)
		if !s.AppGateway.IsZero() {
			ps.Addf("appGateway", "is set but controller is %q; remove it or set controller to %q", s.Controller, ControllerAGIC)
		}
	case ControllerAGIC:
		s.validateAppGateway(&ps, production)
		if s.Internal {
			ps.Addf("internal", "applies to nginx only; with agic the entry point is the Application Gateway's public WAF frontend")
		}
		if !s.NGINX.IsZero() {
			ps.Addf("nginx", "is set but controller is %q; remove it or set controller to %q", s.Controller, ControllerNGINX)
		}
	case "":
		ps.Addf("controller", "is required: one of %s", strings.Join(controllers, ", "))
	default:
		ps.Addf("controller", "unknown value %q: one of %s", s.Controller, strings.Join(controllers, ", "))
	}
	ps.Merge("certManager", s.CertManager.Validate())
	return ps.Err()
}

var controllers = []string{ControllerAGIC, ControllerNGINX}

func (s Spec) validateNGINX(ps *validation.Problems, production bool) {
	n := s.NGINX
	validation.PinnedVersion(ps, "nginx.chartVersion", n.ChartVersion, "")
	switch {
	case n.Replicas < 1:
		ps.Addf("nginx.replicas", "%d: at least 1 controller pod is needed", n.Replicas)
	case production && n.Replicas < 2:
		ps.Addf("nginx.replicas", "%d: production needs at least 2 controller pods so that one can be drained or lost", n.Replicas)
	}
	switch {
	case s.Internal && n.PrivateIP == "":
		ps.Addf("nginx.privateIP", "is required when internal is true: the internal load balancer needs a static private address")
	case !s.Internal && n.PrivateIP != "":
		ps.Addf("nginx.privateIP", "is only used when internal is true; the public entry point gets a static public IP")
	case n.PrivateIP != "":
		ip, err := netip.ParseAddr(n.PrivateIP)
		if err != nil || !ip.Is4() || !ip.IsPrivate() {
			ps.Addf("nginx.privateIP", "%q is not a private IPv4 address (10/8, 172.16/12 or 192.168/16) of the cluster subnet", n.PrivateIP)
		}
	}
}

func (s Spec) validateAppGateway(ps *validation.Problems, production bool) {
	g := s.AppGateway
	switch {
	case g.MinCapacity < 0 || g.MinCapacity > maxGatewayCapacity:
		ps.Addf("appGateway.minCapacity", "%d is outside 0..%d", g.MinCapacity, maxGatewayCapacity)
	case production && g.MinCapacity < 2:
		ps.Addf("appGateway.minCapacity", "%d: production needs at least 2 instances so that the gateway survives losing one", g.MinCapacity)
	}
	switch {
	case g.MaxCapacity < minGatewayMaxCapacity || g.MaxCapacity > maxGatewayCapacity:
		ps.Addf("appGateway.maxCapacity", "%d is outside %d..%d", g.MaxCapacity, minGatewayMaxCapacity, maxGatewayCapacity)
	case g.MaxCapacity < g.MinCapacity:
		ps.Addf("appGateway.maxCapacity", "%d < minCapacity %d", g.MaxCapacity, g.MinCapacity)
	}
	seen := map[string]bool{}
	for i, z := range g.Zones {
		key := validation.Index("appGateway.zones", i)
		switch {
		case z != "1" && z != "2" && z != "3":
			ps.Addf(key, "%q is not an availability zone: one of 1, 2, 3", z)
		case seen[z]:
			ps.Addf(key, "zone %q is listed twice", z)
		}
		seen[z] = true
	}
	switch {
	case g.WAFMode != WAFPrevention && g.WAFMode != WAFDetection:
		ps.Addf("appGateway.wafMode", "unknown value %q: one of %s, %s", g.WAFMode, WAFPrevention, WAFDetection)
	case production && g.WAFMode != WAFPrevention:
		ps.Addf("appGateway.wafMode", "%s: production requires %s so that the WAF blocks attacks instead of only logging them", g.WAFMode, WAFPrevention)
	}
	if _, ok := ruleSets[g.WAFRuleSet]; !ok {
		ps.Addf("appGateway.wafRuleSet", "unknown value %q: one of %s, %s", g.WAFRuleSet, RuleSetDefault21, RuleSetOWASP32)
	}
	validation.PinnedVersion(ps, "appGateway.agicChartVersion", g.AGICChartVersion, "")
}

// Validate returns nil when cert-manager is disabled, and otherwise a *validation.Error
// listing every problem, keyed relative to the certManager section.
func (c CertManagerSpec) Validate() error {
	if !c.IsEnabled() {
		return nil
	}
	var ps validation.Problems
	validation.PinnedVersion(&ps, "chartVersion", c.ChartVersion, "")
	at := strings.Index(c.Email, "@")
	switch {
	case c.Email == "":
		ps.Addf("email", "is required when cert-manager is enabled: Let's Encrypt sends expiry notices there")
	case at < 1 || at == len(c.Email)-1 || strings.ContainsAny(c.Email, " \t<>"):
		ps.Addf("email", "%q is not an email address", c.Email)
	}
	if u, err := url.Parse(c.ACMEServer); err != nil || u.Scheme != "https" || u.Host == "" {
		ps.Addf("acmeServer", "%q is not an https:// ACME directory URL", c.ACMEServer)
	}
	return ps.Err()
}

// Validate checks the spec and the wiring the chosen controller needs; nothing is registered
// when it fails. Wiring problems are keyed by the Args field name.
func (a *Args) Validate() error {
	if a == nil {
		return &validation.Error{Problems: validation.Problems{{Reason: "ingress: args are required"}}}
	}
	var ps validation.Problems
	ps.Merge("", a.Spec.Validate(a.Production))
	if a.KubernetesProvider == nil {
		ps.Addf("KubernetesProvider", "is required: every Kubernetes resource is created through it")
	}
	need := func(field string, v any, why string) {
		if v == nil {
			ps.Addf(field, "is required %s", why)
		}
	}
	switch a.Spec.Controller {
	case ControllerAGIC:
		need("ResourceGroupName", a.ResourceGroupName, "for the Application Gateway")
		need("PublicSubnetID", a.PublicSubnetID, "for the Application Gateway")
		need("OIDCIssuerURL", a.OIDCIssuerURL, "for AGIC's workload identity")
	case ControllerNGINX:
		if !a.Spec.Internal {
			need("ResourceGroupName", a.ResourceGroupName, "for NGINX's static public IP")
			need("ClusterPrincipalID", a.ClusterPrincipalID, "so that AKS may attach NGINX's static public IP")
		}
	}
	return ps.Err()
}
