package ingress

import "github.com/aksplatform/platform/components/defaults"

// Default chart versions and endpoints; each is an exact, released version.
const (
	// DefaultNGINXChartVersion is F5's nginx-ingress chart 2.7.2, which deploys NGINX Ingress
	// Controller 5.6.2 (https://github.com/nginx/kubernetes-ingress, charts/nginx-ingress).
	DefaultNGINXChartVersion = "2.7.2"
	// DefaultAGICChartVersion is the ingress-azure chart from mcr.microsoft.com.
	DefaultAGICChartVersion = "1.7.5"
	// DefaultCertManagerChartVersion is cert-manager from charts.jetstack.io (July 2026, a
	// supported release: https://cert-manager.io/docs/releases/).
	DefaultCertManagerChartVersion = "v1.21.1"
	LetsEncryptProduction          = "https://acme-v02.api.letsencrypt.org/directory"
	LetsEncryptStaging             = "https://acme-staging-v02.api.letsencrypt.org/directory"
)

// SetDefaults fills zero values with the defaults below, dev / prod. Only the section of the
// chosen controller is filled, so that Validate can reject settings for the controller not in
// use. It never overwrites a value that is set and is idempotent.
//
//	key                           dev                           prod
//	nginx.chartVersion            2.7.2                         2.7.2
//	nginx.replicas                1                             2
//	appGateway.minCapacity        0                             2
//	appGateway.maxCapacity        10                            10
//	appGateway.zones              [] (no zones)                 ["1","2","3"]
//	appGateway.wafMode            Detection                     Prevention
//	appGateway.wafRuleSet         Microsoft_DefaultRuleSet_2.1  Microsoft_DefaultRuleSet_2.1
//	appGateway.agicChartVersion   1.7.5                         1.7.5
//	appGateway.botProtection      true                          true (free on WAF_v2)
//	certManager.enabled           true                          true
//	certManager.chartVersion      v1.21.1                       v1.21.1
//	certManager.acmeServer        Let's Encrypt production      Let's Encrypt production
//
// An explicit appGateway.zones: [] is kept (no zones). internal defaults to false;
// controller, nginx.privateIP, certManager.email and certManager.dnsZone have no default.
func (s *Spec) SetDefaults(production bool) {
	switch s.Controller {
	case ControllerNGINX:
		n := &s.NGINX
		defaults.Set(&n.ChartVersion, DefaultNGINXChartVersion)
		defaults.Set(&n.Replicas, defaults.Pick(production, 1, 2))
	case ControllerAGIC:
		g := &s.AppGateway
		defaults.Set(&g.MinCapacity, defaults.Pick(production, 0, 2))
		defaults.Set(&g.MaxCapacity, 10)
		if g.Zones == nil {
			g.Zones = defaults.Pick(production, []string{}, []string{"1", "2", "3"})
		}
		defaults.Set(&g.WAFMode, defaults.Pick(production, WAFDetection, WAFPrevention))
		defaults.Set(&g.WAFRuleSet, RuleSetDefault21)
		defaults.Set(&g.AGICChartVersion, DefaultAGICChartVersion)
		defaults.SetPtr(&g.BotProtection, true)
	}
	s.CertManager.SetDefaults()
}
