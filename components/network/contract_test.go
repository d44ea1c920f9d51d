package network

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

// TestComponentContract checks the one contract of every network component: nil args give
// validation.Required with the type token; a partial spec is defaulted (on a copy: the caller's
// args are unchanged); an invalid spec is rejected with config keys before anything is
// registered.
func TestComponentContract(t *testing.T) {
	type component struct {
		token   string
		build   func(ctx *pulumi.Context, args any) error
		nilArgs any
		partial func(t *testing.T) any // valid, with defaults left out
		broken  func(t *testing.T) any
		want    []string // keys of broken
	}
	for _, c := range []component{
		{
			token: HubType,
			build: func(ctx *pulumi.Context, a any) error {
				_, err := NewHub(ctx, "hub", a.(*HubArgs))
				return err
			},
			nilArgs: (*HubArgs)(nil),
			partial: func(t *testing.T) any { a := hubArgs(t); a.Firewall, a.Production = true, true; return a },
			broken: func(t *testing.T) any {
				a := hubArgs(t)
				a.Firewall, a.FirewallPublicIPs, a.Zones = true, 300, []string{"2", "2"}
				return a
			},
			want: []string{"firewallPublicIps", "zones[1]"},
		},
		{
			token: SpokeType,
			build: func(ctx *pulumi.Context, a any) error {
				_, err := NewSpoke(ctx, "spoke", a.(*SpokeArgs))
				return err
			},
			nilArgs: (*SpokeArgs)(nil),
			partial: func(t *testing.T) any { return spokeArgs(t) },
			broken: func(t *testing.T) any {
				a := spokeArgs(t)
				a.IngressSource, a.IngressPorts = "Anywhere", []int{0}
				return a
			},
			want: []string{"ingressPorts[0]", "ingressSource"},
		},
		{
			token: PeeringType,
			build: func(ctx *pulumi.Context, a any) error {
				_, err := NewPeering(ctx, "peering", a.(*PeeringArgs))
				return err
			},
			nilArgs: (*PeeringArgs)(nil),
			partial: func(t *testing.T) any { return peeringArgs() },
			broken: func(t *testing.T) any {
				a := peeringArgs()
				a.HubVNetID, a.SpokeResourceGroupName = nil, nil
				return a
			},
			want: []string{"hubVNetId", "spokeResourceGroupName"},
		},
	} {
		t.Run(c.token, func(t *testing.T) {
			run := func(args any) (*plan.Graph, error) {
				return plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error { return c.build(ctx, args) })
			}

			g, err := run(c.nilArgs)
			requireProblems(t, err, c.token)
			require.ErrorContains(t, err, validation.Required(c.token).Error())
			require.Empty(t, g.Resources)

			args := c.partial(t)
			before := deref(args)
			g, err = run(args)
			require.NoError(t, err)
			require.NotEmpty(t, g.Resources)
			require.Equal(t, before, deref(args), "the caller's args are unchanged")

			g, err = run(c.broken(t))
			requireProblems(t, err, c.want...)
			require.Empty(t, g.Resources, "nothing is registered for invalid args")
		})
	}
}

// deref copies the args a pointer points to, so that a later change to them shows.
func deref(a any) any {
	switch v := a.(type) {
	case *HubArgs:
		c := *v
		return c
	case *SpokeArgs:
		c := *v
		return c
	case *PeeringArgs:
		c := *v
		return c
	}
	panic("unknown args")
}
