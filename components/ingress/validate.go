package ingress

import (
	"net/netip"
	"regexp"
	"strings"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/components/egress"
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
	validation.Zones(ps, "appGateway.zones", g.Zones)
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
	if production && !defaults.True(g.BotProtection) {
		ps.Addf("appGateway.botProtection", "is false: production requires the bot manager rule set (%s), which blocks known malicious bots at no extra cost (https://learn.microsoft.com/azure/web-application-firewall/ag/bot-protection-overview)", BotManagerRuleSet)
	}
}

// Validate returns nil when cert-manager is disabled, and otherwise a *validation.Error
// listing every problem, keyed relative to the certManager section. Call it after SetDefaults.
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
	if acmeHost(c.ACMEServer) == "" {
		ps.Addf("acmeServer", "%q is not an https:// ACME directory URL", c.ACMEServer)
	}
	if z := c.DNSZone; z != nil {
		if z.SubscriptionID != "" && !validation.IsGUID(z.SubscriptionID) {
			ps.Addf("dnsZone.subscriptionId", "%q is not a subscription ID (a GUID)", z.SubscriptionID)
		}
		if !resourceGroupRE.MatchString(z.ResourceGroup) || strings.HasSuffix(z.ResourceGroup, ".") {
			ps.Addf("dnsZone.resourceGroup", "%q is not a resource group name: 1-90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'", z.ResourceGroup)
		}
		if !isDomainName(z.Name) || !strings.Contains(z.Name, ".") {
			ps.Addf("dnsZone.name", "%q is not a DNS zone name such as example.com", z.Name)
		}
	}
	return ps.Err()
}

// resourceGroupRE is Azure's resource group naming rule.
// https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftresources
var resourceGroupRE = regexp.MustCompile(`^[-\w._()]{1,90}$`)

// isDomainName reports whether s is a DNS name of labels joined by dots (no trailing dot).
func isDomainName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, l := range strings.Split(s, ".") {
		if !validation.IsDNSLabel(strings.ToLower(l)) {
			return false
		}
	}
	return true
}

// acmeHost returns the host of an https ACME directory URL, or "" when it is not one.
func acmeHost(server string) string { return egress.Host(server, "https") }

// ValidateSharedHostName returns the problems of a spec whose host name more than one region
// serves (two regions behind one Front Door), keyed like Validate; stacks calls it for such
// environments, and the constructors for Args.SharedHostName. Front Door sends Let's
// Encrypt's HTTP-01 validation request to any healthy origin, so a region's cert-manager
// would see the other region answer it and fail; DNS-01 puts the proof in DNS, which both
// regions write to. https://letsencrypt.org/docs/challenge-types/,
// https://cert-manager.io/docs/configuration/acme/dns01/azuredns/
func (s Spec) ValidateSharedHostName() error {
	var ps validation.Problems
	ps.Merge("certManager", s.CertManager.validateSharedHostName())
	return ps.Err()
}

func (c CertManagerSpec) validateSharedHostName() error {
	var ps validation.Problems
	if c.IsEnabled() && c.DNSZone == nil {
		ps.Addf("dnsZone", "is required when more than one region serves the host name: with HTTP-01 Front Door may send Let's Encrypt's validation request to the other region, so issue with DNS-01 in an Azure DNS zone")
	}
	return ps.Err()
}
