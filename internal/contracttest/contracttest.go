// Package contracttest checks the component contract that every NewX of the components
// packages keeps, so that each package's test states only what is its own (the args, the
// config keys of a broken spec, the resources that prove the defaults):
//
//   - nil args are validation.Required(<type token>) and register nothing;
//   - a partial spec, as a user writes it, gets its defaults and the component is built;
//   - an invalid spec is rejected with its config keys (validation.Error.Keys) before
//     anything is registered;
//   - the caller's args are unchanged, whatever the outcome.
//
// It is imported by tests only.
package contracttest

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

// Project is the Pulumi project every contract is planned in.
const Project = "aks-platform"

// Contract describes one constructor and the args that exercise its contract. A is the args
// type the constructor takes (a pointer; its zero value is the nil args case).
type Contract[A any] struct {
	// Token is the component's type token: nil args fail with validation.Required(Token).
	Token string
	// Stack is the stack the plans run in; "test" when empty.
	Stack string
	// Provider, when set, registers a provider before the constructor runs (components that
	// deploy to Kubernetes need one); Partial and Invalid get it in Env, and the resources it
	// registers are all an invalid plan may hold.
	Provider func(ctx *pulumi.Context) (pulumi.ProviderResource, error)
	// New calls the constructor under test with args (see Build).
	New func(ctx *pulumi.Context, args A) error
	// Validate, when set, is the args' own check (the Validate method): nil args must fail it
	// with the same key as New.
	Validate func(args A) error
	// Copy returns a deep copy of what the constructor must leave as it is in the caller's
	// args; it is taken before and after New and the two must be equal.
	Copy func(args A) any
	// Partial returns valid args whose spec leaves defaults out.
	Partial func(e Env) A
	// Defaults checks, on the registered resources, that Partial's spec got its defaults; nil
	// checks only that the component was built.
	Defaults func(t *testing.T, g *plan.Graph)
	// Invalid are args that must be rejected, each with its config keys.
	Invalid []Invalid[A]
}

// Build returns New for a constructor of the usual form, NewX(ctx, name, args, opts...),
// that builds the component with the given name.
func Build[A, C any](newX func(*pulumi.Context, string, A, ...pulumi.ResourceOption) (C, error), name string) func(*pulumi.Context, A) error {
	return func(ctx *pulumi.Context, args A) error {
		_, err := newX(ctx, name, args)
		return err
	}
}

// Invalid is one set of args the constructor must reject.
type Invalid[A any] struct {
	Name string
	Args func(e Env) A
	// Keys are the config keys of every problem, sorted (validation.Error.Keys).
	Keys []string
}

// Env is what the args of a case are made with.
type Env struct {
	// T is the case's subtest.
	T *testing.T
	// Provider is the one Contract.Provider registered, or nil.
	Provider pulumi.ProviderResource
}

// Run checks the contract c, one subtest a case: "nil args", "partial spec" and each Invalid.
func Run[A any](t *testing.T, c Contract[A]) {
	t.Helper()
	require.NotNil(t, c.New, "Contract.New")
	require.NotNil(t, c.Copy, "Contract.Copy")
	require.NotNil(t, c.Partial, "Contract.Partial")
	require.NotEmpty(t, c.Invalid, "Contract.Invalid")

	t.Run("nil args", func(t *testing.T) {
		var none A
		g, err := c.plan(t, func(Env) A { return none }, nil)
		c.rejected(t, g, err, []string{c.Token})
		assert.ErrorContains(t, err, validation.Required(c.Token).Error())
		if c.Validate != nil {
			var verr *validation.Error
			require.ErrorAs(t, c.Validate(none), &verr, "Validate of nil args")
			assert.Equal(t, []string{c.Token}, verr.Keys(), "Validate of nil args")
		}
	})
	t.Run("partial spec", func(t *testing.T) {
		g, err := c.plan(t, c.Partial, c.unchanged(t))
		require.NoError(t, err)
		require.NotEmpty(t, g.Resources, "the component is built")
		if c.Defaults != nil {
			c.Defaults(t, g)
		}
	})
	for _, inv := range c.Invalid {
		t.Run(inv.Name, func(t *testing.T) {
			g, err := c.plan(t, inv.Args, c.unchanged(t))
			c.rejected(t, g, err, inv.Keys)
		})
	}
}

// plan runs New under Pulumi mocks with the args mk makes; around, when set, wraps the call.
func (c Contract[A]) plan(t *testing.T, mk func(e Env) A, around func(args A, call func() error) error) (*plan.Graph, error) {
	return plan.Run(Project, c.stack(), func(ctx *pulumi.Context) error {
		var p pulumi.ProviderResource
		if c.Provider != nil {
			var err error
			if p, err = c.Provider(ctx); err != nil {
				return err
			}
		}
		args := mk(Env{T: t, Provider: p})
		call := func() error { return c.New(ctx, args) }
		if around == nil {
			return call()
		}
		return around(args, call)
	})
}

// unchanged wraps a call so that the caller's args are compared before and after it.
func (c Contract[A]) unchanged(t *testing.T) func(args A, call func() error) error {
	return func(args A, call func() error) error {
		before := c.Copy(args)
		err := call()
		assert.Equal(t, before, c.Copy(args), "the caller's args are unchanged")
		return err
	}
}

// rejected checks that err is a *validation.Error with exactly keys and that nothing but the
// Provider's resources was registered.
func (c Contract[A]) rejected(t *testing.T, g *plan.Graph, err error, keys []string) {
	t.Helper()
	var verr *validation.Error
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, keys, verr.Keys())
	if c.Provider == nil {
		assert.Empty(t, g.Resources, "nothing registered")
		return
	}
	base, err := plan.Run(Project, c.stack(), func(ctx *pulumi.Context) error {
		_, err := c.Provider(ctx)
		return err
	})
	require.NoError(t, err)
	assert.Equal(t, names(base), names(g), "nothing registered but the provider")
}

func (c Contract[A]) stack() string {
	if c.Stack == "" {
		return "test"
	}
	return c.Stack
}

// names lists the type and name of every resource of g, in the graph's order.
func names(g *plan.Graph) []string {
	var out []string
	for _, r := range g.Resources {
		out = append(out, r.Type+" "+r.Name)
	}
	return out
}
