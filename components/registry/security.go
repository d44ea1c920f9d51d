package registry

import (
	"github.com/pulumi/pulumi-azure-native-sdk/containerregistry/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/validation"
)

// Data protection of the registry, beyond its network (spec.go) and the admin user:
//
//   - Export. With exports disabled, `az acr import` from this registry into another and
//     transfer (export) pipelines are refused, so images reach only the networks that can pull.
//     Azure allows it on Premium only, and only while public network access is disabled.
//     https://learn.microsoft.com/azure/container-registry/data-loss-prevention
//   - Retention of untagged manifests, a Premium feature: a manifest left without a tag is
//     deleted after UntaggedRetentionDays. Dev stays Standard (less than half of Premium's
//     daily price), where untagged manifests only use the included storage, so it goes without.
//     https://learn.microsoft.com/azure/container-registry/container-registry-retention-policy
//   - Anonymous pull stays off in every environment and has no key: the registry API version
//     the platform deploys (2022-12-01, azure-native's default) has no anonymousPullEnabled
//     property, and Azure leaves it off unless a client sets it. The policy pack's
//     acr-anonymous-pull-disabled rule refuses a registry that turns it on by other means.
//     https://learn.microsoft.com/azure/container-registry/anonymous-pull-access
//   - Zone redundancy (spec.go) and the admin user (spec.go) stay as they were.

// DefaultUntaggedRetentionDays is the retention of untagged manifests on Premium, Azure's own
// default for the policy.
const DefaultUntaggedRetentionDays = 7

// MaxUntaggedRetentionDays is the longest retention Azure accepts.
const MaxUntaggedRetentionDays = 365

// exportLockable reports whether Azure lets this registry disable exports: Premium and no
// public endpoint.
func (s Spec) exportLockable() bool { return s.SKU == Premium && s.private() }

// exportEnabled reads ExportEnabled as Azure does: unset means enabled.
func (s Spec) exportEnabled() bool { return s.ExportEnabled == nil || *s.ExportEnabled }

func (s Spec) validateDataProtection(production bool, ps *validation.Problems) {
	switch export := s.exportEnabled(); {
	case export && production:
		ps.Addf("exportEnabled", "must be false in production (which Azure allows on a Premium registry without a public endpoint): with exports on, anyone who can read the registry copies its images out with `az acr import` or a transfer pipeline")
	case !export && s.SKU != Premium:
		ps.Addf("exportEnabled", "false needs the Premium SKU (sku is %s): Azure offers the export policy on Premium registries only", s.SKU)
	case !export && !s.private():
		ps.Addf("exportEnabled", "false needs publicNetworkAccess false: Azure refuses to disable exports of a registry with a public endpoint")
	}
	switch d := s.UntaggedRetentionDays; {
	case d != 0 && s.SKU != Premium:
		ps.Addf("untaggedRetentionDays", "needs the Premium SKU (sku is %s): the retention policy is a Premium feature", s.SKU)
	case d < 0 || d > MaxUntaggedRetentionDays:
		ps.Addf("untaggedRetentionDays", "%d is outside the 1-%d days Azure accepts", d, MaxUntaggedRetentionDays)
	}
}

// policies is the registry's export and retention policies, written explicitly so that the
// plan and the policy pack see them; the retention policy only where Azure offers it.
func (s Spec) policies() *containerregistry.PoliciesArgs {
	p := &containerregistry.PoliciesArgs{
		ExportPolicy: &containerregistry.ExportPolicyArgs{Status: pulumi.String(status(s.exportEnabled()))},
	}
	if s.UntaggedRetentionDays > 0 {
		p.RetentionPolicy = &containerregistry.RetentionPolicyArgs{
			Days:   pulumi.Int(s.UntaggedRetentionDays),
			Status: pulumi.String(status(true)),
		}
	}
	return p
}

// status is the spelling of a switch in the registry's policies (lowercase, unlike
// publicNetworkAccess).
func status(on bool) string {
	if on {
		return "enabled"
	}
	return "disabled"
}
