package envplan

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/monitoring"
	"github.com/aksplatform/platform/components/monitoring/logs"
	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/internal/typetoken"
	"github.com/aksplatform/platform/policy/rules"
	"github.com/aksplatform/platform/stacks"
)

const workspaceType = "azure-native:operationalinsights:Workspace"

// Issue 10's check on both shipped stacks, planned once each: every loggable resource has a
// diagnostic setting (judged by the policy pack's own diagnostic-settings rule), and nothing
// sends to another region's workspace.
func TestStacksLogEverythingToTheirOwnRegion(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			res, err := Plan(load(t, stackFile(stack)), Options{Stack: stack})
			require.NoError(t, err)
			t.Run("every loggable resource is diagnosed", func(t *testing.T) {
				checkDiagnosed(t, res.Graph)
			})
			t.Run("no region logs to another region's workspace", func(t *testing.T) {
				checkOwnWorkspace(t, res.Graph)
			})
		})
	}
}

// checkDiagnosed fails for every loggable resource that the diagnostic-settings rule finds
// without a setting.
func checkDiagnosed(t *testing.T, g *plan.Graph) {
	t.Helper()
	rule, ok := rules.Lookup("diagnostic-settings")
	require.True(t, ok)
	rs := Resources(g)
	loggable := slices.DeleteFunc(slices.Clone(rs), func(r rules.Resource) bool { _, ok := logs.For(r.Type); return !ok })
	require.NotEmpty(t, loggable, "the stacks have loggable resources; the check must see them")
	for _, f := range rule.RunStack(rs, rules.DefaultSettings()) {
		t.Errorf("%s: %s", f.URN, f.Message)
	}
}

// checkOwnWorkspace fails for every crossed workspace reference (crossedWorkspaces) and when
// the plan sends logs nowhere at all.
func checkOwnWorkspace(t *testing.T, g *plan.Graph) {
	t.Helper()
	crossed, refs := crossedWorkspaces(g)
	assert.Empty(t, crossed)
	assert.Positive(t, refs, "the plan sends logs somewhere")
}

// crossedWorkspaces finds every input anywhere in the plan that names a workspace (a
// diagnostic setting's workspaceId, a data collection rule's destination, the cluster's
// add-ons) and returns those that are not the workspace of the resource's own region (for a
// global resource: a global workspace), with the number of references seen. Offline every ID
// is known, so this reads the values themselves.
func crossedWorkspaces(g *plan.Graph) (crossed []string, refs int) {
	home := map[string]string{} // workspace ID -> region ("" for global)
	for _, w := range g.ByType(workspaceType) {
		home[w.ID] = regionOf(g, w)
	}
	for _, r := range g.Resources {
		if r.Type == workspaceType {
			continue
		}
		region := regionOf(g, r)
		for _, s := range stringsIn(resource.NewProperty(r.Inputs)) {
			ws, isWorkspace := home[s]
			if !isWorkspace {
				continue
			}
			refs++
			if ws != region {
				crossed = append(crossed, fmt.Sprintf("%s (region %q) sends to the workspace of region %q", r.Name, region, ws))
			}
		}
	}
	return crossed, refs
}

// The workspace check sees a regional setting that sends to another region, and a global one
// that sends to a region, through secrets and nested values alike.
func TestCrossedWorkspaces(t *testing.T) {
	g, err := plan.Run(stacks.Project, "test", func(ctx *pulumi.Context) error {
		ws := map[string]pulumi.StringOutput{}
		regions := map[string]pulumi.Resource{}
		for _, loc := range []string{"westeurope", "northeurope"} {
			var region pulumi.ResourceState
			if err := ctx.RegisterComponentResource(typetoken.Region, loc, &region); err != nil {
				return err
			}
			w, err := monitoring.NewWorkspace(ctx, loc+"-logs", &monitoring.WorkspaceArgs{
				ResourceGroupName: pulumi.String("rg"), Location: pulumi.String(loc)}, pulumi.Parent(&region))
			if err != nil {
				return err
			}
			ws[loc], regions[loc] = w.WorkspaceID, &region
		}
		send := func(name string, to pulumi.StringOutput, opts ...pulumi.ResourceOption) error {
			_, err := monitoring.Diagnose(ctx, name, logs.KeyVault, pulumi.String("/kv"), to, opts...)
			return err
		}
		return errors.Join(
			send("weu-own", ws["westeurope"], pulumi.Parent(regions["westeurope"])),
			send("neu-crossed", ws["westeurope"], pulumi.Parent(regions["northeurope"])),
			send("global-on-region", pulumi.ToSecret(ws["northeurope"]).(pulumi.StringOutput)),
		)
	})
	require.NoError(t, err)
	crossed, refs := crossedWorkspaces(g)
	assert.Equal(t, 3, refs)
	assert.Equal(t, []string{
		`neu-crossed-diag (region "northeurope") sends to the workspace of region "westeurope"`,
		`global-on-region-diag (region "") sends to the workspace of region "northeurope"`,
	}, crossed)
}

// stringsIn returns every string inside v, through objects, arrays, secrets and outputs.
func stringsIn(v resource.PropertyValue) []string {
	switch {
	case v.IsSecret():
		return stringsIn(v.SecretValue().Element)
	case v.IsOutput():
		return stringsIn(v.OutputValue().Element)
	case v.IsString():
		return []string{v.StringValue()}
	case v.IsArray():
		var out []string
		for _, e := range v.ArrayValue() {
			out = append(out, stringsIn(e)...)
		}
		return out
	case v.IsObject():
		var out []string
		for _, e := range v.ObjectValue() {
			out = append(out, stringsIn(e)...)
		}
		return out
	}
	return nil
}
