package main

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/policy/rules"
)

func TestProject(t *testing.T) {
	p, err := loadProject()
	require.NoError(t, err)
	assert.Equal(t, "aks-platform-guardrails", p.Name)
	assert.Regexp(t, `^\d+\.\d+\.\d+$`, p.Version)
}

// violations records what a policy reports.
type violations []string

func (v *violations) ReportViolation(message, urn string) { *v = append(*v, urn+": "+message) }

func packFor(t *testing.T, info pulumi.RunInfo, store *optionStore) map[string]policyx.Policy {
	t.Helper()
	ctx, err := pulumi.NewContext(context.Background(), info)
	require.NoError(t, err)
	pack, err := newPack(ctx, store)
	require.NoError(t, err)
	byName := map[string]policyx.Policy{}
	for _, p := range pack.Policies() {
		byName[p.Name()] = p
	}
	return byName
}

func TestPackWiresEveryRule(t *testing.T) {
	policies := packFor(t, pulumi.RunInfo{Project: "aks-platform", Stack: "dev"}, &optionStore{})
	require.Len(t, policies, len(rules.All()))
	for _, rule := range rules.All() {
		p, ok := policies[rule.Name]
		require.True(t, ok, rule.Name)
		assert.Equal(t, rule.Description, p.Description())
		assert.Equal(t, level(rule.Level), p.EnforcementLevel(), rule.Name)
		_, isStack := p.(policyx.StackValidationPolicy)
		assert.Equal(t, rule.Stack(), isStack, rule.Name)
		if schema := rule.ConfigSchema(); schema != nil {
			require.NotNil(t, p.ConfigSchema(), rule.Name)
			assert.Equal(t, schema, p.ConfigSchema().Properties)
		}
	}
}

func registry(access string) policyx.AnalyzerResource {
	return policyx.AnalyzerResource{
		Type: "azure-native:containerregistry:Registry", Name: "acr", URN: "urn:acr",
		Properties: property.NewMap(map[string]property.Value{"publicNetworkAccess": property.New(access)}),
	}
}

func TestPackEnvironment(t *testing.T) {
	for _, tc := range []struct {
		name   string
		info   pulumi.RunInfo
		config map[string]any
		want   int
	}{
		{"stack name prod", pulumi.RunInfo{Stack: "prod"}, nil, 1},
		{"stack name dev", pulumi.RunInfo{Stack: "dev"}, nil, 0},
		{"stack config wins over the name", pulumi.RunInfo{Stack: "dev",
			Config: map[string]string{"aks-platform:environment": "prod"}}, nil, 1},
		{"policy config wins over both", pulumi.RunInfo{Stack: "prod",
			Config: map[string]string{"aks-platform:environment": "prod"}}, map[string]any{"environment": "dev"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := packFor(t, tc.info, &optionStore{})["acr-public-network-disabled"].(policyx.ResourceValidationPolicy)
			var got violations
			require.NoError(t, p.Validate(context.Background(), policyx.ResourceValidationArgs{
				Manager: &got, Resource: registry("Enabled"), Config: tc.config}))
			assert.Len(t, got, tc.want, "%q", got)
		})
	}
}

func TestPackRejectsUnknownOptions(t *testing.T) {
	p := packFor(t, pulumi.RunInfo{Stack: "dev"}, &optionStore{})["acr-admin-user-disabled"].(policyx.ResourceValidationPolicy)
	err := p.Validate(context.Background(), policyx.ResourceValidationArgs{
		Manager: &violations{}, Resource: registry("Enabled"), Config: map[string]any{"typo": true}})
	assert.ErrorContains(t, err, `unknown option "typo"`)
}

func TestPackStackPolicyReadsStoredOptions(t *testing.T) {
	store := &optionStore{}
	p := packFor(t, pulumi.RunInfo{Stack: "dev"}, store)["subnet-nsg"].(policyx.StackValidationPolicy)
	subnet := policyx.AnalyzerResource{Type: "azure-native:network:Subnet", Name: "aks", URN: "urn:subnet",
		Properties: property.NewMap(map[string]property.Value{"subnetName": property.New("aks")})}
	validate := func() violations {
		var got violations
		require.NoError(t, p.Validate(context.Background(), policyx.StackValidationArgs{
			Manager: &got, Resources: []policyx.AnalyzerResource{subnet}}))
		return got
	}
	assert.Equal(t, violations{"urn:subnet: subnet aks has no network security group (networkSecurityGroup.id)"},
		validate())
	store.set(map[string]map[string]any{"subnet-nsg": {"exemptSubnets": []any{"aks"}}})
	assert.Empty(t, validate())
}
