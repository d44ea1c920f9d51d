package ingress

// Default chart versions and endpoints; each is an exact, released version.
const (
	DefaultNGINXChartVersion       = "4.11.3"  // ingress-nginx chart (controller v1.11.3)
	DefaultAGICChartVersion        = "1.7.5"   // ingress-azure chart from mcr.microsoft.com
	DefaultCertManagerChartVersion = "v1.16.2" // cert-manager chart from charts.jetstack.io
	LetsEncryptProduction          = "https://acme-v02.api.letsencrypt.org/directory"
	LetsEncryptStaging             = "https://acme-staging-v02.api.letsencrypt.org/directory"
)

// SetDefaults fills zero values with the defaults below. Only the section of the chosen
// controller is filled, so that Validate can reject settings for the controller not in use.
//
//	key                           default (production)          default (dev)
//	nginx.chartVersion            4.11.3                        4.11.3
//	nginx.replicas                2                             1
//	appGateway.minCapacity        2                             0
//	appGateway.maxCapacity        10                            10
//	appGateway.zones              ["1","2","3"]                 [] (no zones)
//	appGateway.wafMode            Prevention                    Detection
//	appGateway.wafRuleSet         Microsoft_DefaultRuleSet_2.1  Microsoft_DefaultRuleSet_2.1
//	appGateway.agicChartVersion   1.7.5                         1.7.5
//	certManager.enabled           true                          true
//	certManager.chartVersion      v1.16.2                       v1.16.2
//	certManager.acmeServer        Let's Encrypt production      Let's Encrypt production
//
// internal defaults to false; controller, nginx.privateIP and certManager.email have no default.
func (s *Spec) SetDefaults(production bool) {
	switch s.Controller {
	case ControllerNGINX:
		n := &s.NGINX
		if n.ChartVersion == "" {
			n.ChartVersion = DefaultNGINXChartVersion
		}
		if n.Replicas == 0 {
			n.Replicas = pick(production, 2, 1)
		}
	case ControllerAGIC:
		g := &s.AppGateway
		if g.MinCapacity == 0 {
			g.MinCapacity = pick(production, 2, 0)
		}
		if g.MaxCapacity == 0 {
			g.MaxCapacity = 10
		}
		if len(g.Zones) == 0 && production {
			g.Zones = []string{"1", "2", "3"}
		}
		if g.WAFMode == "" {
			g.WAFMode = pick(production, WAFPrevention, WAFDetection)
		}
		if g.WAFRuleSet == "" {
			g.WAFRuleSet = RuleSetDefault21
		}
		if g.AGICChartVersion == "" {
			g.AGICChartVersion = DefaultAGICChartVersion
		}
	}
	c := &s.CertManager
	if c.Enabled == nil {
		enabled := true
		c.Enabled = &enabled
	}
	if c.ChartVersion == "" {
		c.ChartVersion = DefaultCertManagerChartVersion
	}
	if c.ACMEServer == "" {
		c.ACMEServer = LetsEncryptProduction
	}
}

func pick[T any](production bool, prod, dev T) T {
	if production {
		return prod
	}
	return dev
}
