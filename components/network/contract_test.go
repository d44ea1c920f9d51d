package network

import (
	"testing"

	"github.com/aksplatform/platform/internal/contracttest"
)

// TestComponentContract checks the one contract of every network component: nil args give
// validation.Required with the type token; a partial spec is defaulted (on a copy: the caller's
// args are unchanged); an invalid spec is rejected with config keys before anything is
// registered.
func TestComponentContract(t *testing.T) {
	t.Run(HubType, func(t *testing.T) {
		contracttest.Run(t, contracttest.Contract[*HubArgs]{
			Token: HubType,
			New:   contracttest.Build(NewHub, "hub"),
			Copy:  func(a *HubArgs) any { return *a },
			Partial: func(e contracttest.Env) *HubArgs {
				a := hubArgs(e.T)
				a.Firewall, a.Production = true, true
				return a
			},
			Invalid: []contracttest.Invalid[*HubArgs]{{Name: "invalid spec", Args: func(e contracttest.Env) *HubArgs {
				a := hubArgs(e.T)
				a.Firewall, a.FirewallPublicIPs, a.Zones = true, 300, []string{"2", "2"}
				return a
			}, Keys: []string{"firewallPublicIps", "zones[1]"}}},
		})
	})
	t.Run(SpokeType, func(t *testing.T) {
		contracttest.Run(t, contracttest.Contract[*SpokeArgs]{
			Token:   SpokeType,
			New:     contracttest.Build(NewSpoke, "spoke"),
			Copy:    func(a *SpokeArgs) any { return *a },
			Partial: func(e contracttest.Env) *SpokeArgs { return spokeArgs(e.T) },
			Invalid: []contracttest.Invalid[*SpokeArgs]{{Name: "invalid spec", Args: func(e contracttest.Env) *SpokeArgs {
				a := spokeArgs(e.T)
				a.IngressSource, a.IngressPorts = "Anywhere", []int{0}
				return a
			}, Keys: []string{"ingressPorts[0]", "ingressSource"}}},
		})
	})
	t.Run(PeeringType, func(t *testing.T) {
		contracttest.Run(t, contracttest.Contract[*PeeringArgs]{
			Token:   PeeringType,
			New:     contracttest.Build(NewPeering, "peering"),
			Copy:    func(a *PeeringArgs) any { return *a },
			Partial: func(contracttest.Env) *PeeringArgs { return peeringArgs() },
			Invalid: []contracttest.Invalid[*PeeringArgs]{{Name: "invalid spec", Args: func(contracttest.Env) *PeeringArgs {
				a := peeringArgs()
				a.HubVNetID, a.SpokeResourceGroupName = nil, nil
				return a
			}, Keys: []string{"hubVNetId", "spokeResourceGroupName"}}},
		})
	})
}
