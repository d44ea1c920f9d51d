package aks

import (
	"reflect"

	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/defaults"
)

// The system pool is inline in the ManagedCluster's agentPoolProfiles (AKS requires one pool at
// creation) and the user pools are separate AgentPool resources, so that adding, removing or
// replacing a user pool is a per-pool operation and never a cluster update.
//
// The cluster deliberately does not ignoreChanges on all of agentPoolProfiles, the pattern often
// suggested for this mix: with it, system pool settings changed in config are silently never
// applied, and every later cluster update re-sends the pool list recorded at creation, which
// fails once that pool was replaced ("A new agent pool was introduced",
// github.com/pulumi/pulumi-azure-native/issues/2719). The provider diffs against the inputs it
// sent, which list the system pool only, and a cluster PUT does not delete pools it does not
// list (github.com/pulumi/pulumi-azure-native/issues/4264). Only what AKS itself changes is
// ignored: an autoscaled pool's count, and the versions an auto-upgrade channel moves
// (clusterIgnoreChanges, poolIgnoreChanges).

// profile maps a pool onto the AKS agent pool profile: every setting the inline system pool and
// an AgentPool resource share is filled here, once. The Kubernetes version follows the control
// plane's unless the pool pins one, so that a version bump in config upgrades every pool.
func (b *builder) profile(p NodePool, mode string) *containerservice.ManagedClusterAgentPoolProfileArgs {
	in := &containerservice.ManagedClusterAgentPoolProfileArgs{
		Name:                pulumi.String(p.Name),
		Mode:                pulumi.String(mode),
		Type:                pulumi.String("VirtualMachineScaleSets"),
		VmSize:              pulumi.String(p.VMSize),
		OsType:              pulumi.String(string(p.OSType)),
		OsDiskType:          pulumi.String(string(p.OSDiskType)),
		OsDiskSizeGB:        pulumi.Int(p.OSDiskSizeGB),
		MaxPods:             pulumi.Int(p.MaxPods),
		VnetSubnetID:        b.args.NodeSubnetID,
		Count:               pulumi.Int(p.Count),
		EnableAutoScaling:   pulumi.Bool(p.Autoscaled()),
		OrchestratorVersion: optString(b.spec.KubernetesVersion),
		UpgradeSettings:     &containerservice.AgentPoolUpgradeSettingsArgs{MaxSurge: pulumi.String(p.MaxSurge)},
		// Sent false too (not left out), so that turning it off in config reaches AKS.
		EnableEncryptionAtHost: pulumi.Bool(defaults.True(p.HostEncryption)),
		Tags:                   b.args.Tags,
	}
	if len(p.Zones) > 0 {
		in.AvailabilityZones = pulumi.ToStringArray(p.Zones)
	}
	if len(p.Labels) > 0 {
		in.NodeLabels = pulumi.ToStringMap(p.Labels)
	}
	if len(p.Taints) > 0 {
		in.NodeTaints = pulumi.ToStringArray(p.Taints)
	}
	if p.Autoscaled() {
		in.MinCount = pulumi.Int(p.MinCount)
		in.MaxCount = pulumi.Int(p.MaxCount)
	}
	if p.OrchestratorVersion != "" {
		in.OrchestratorVersion = pulumi.String(p.OrchestratorVersion)
	}
	return in
}

// systemPoolProfile is the inline system pool: mode System, critical add-ons only.
func (b *builder) systemPoolProfile() *containerservice.ManagedClusterAgentPoolProfileArgs {
	return b.profile(b.spec.SystemPool, "System")
}

// agentPoolArgs turns a pool profile into the AgentPool resource's args: every field the two
// SDK structs share (same name, same type) is copied, so a setting added to profile reaches
// both kinds of pool. Name is the one shared setting under another name (agentPoolName).
func agentPoolArgs(profile *containerservice.ManagedClusterAgentPoolProfileArgs) *containerservice.AgentPoolArgs {
	out := &containerservice.AgentPoolArgs{AgentPoolName: profile.Name.ToStringOutput()}
	src, dst := reflect.ValueOf(profile).Elem(), reflect.ValueOf(out).Elem()
	for i := range src.NumField() {
		f := src.Type().Field(i)
		d := dst.FieldByName(f.Name)
		if d.IsValid() && d.Type() == f.Type && !src.Field(i).IsZero() {
			d.Set(src.Field(i))
		}
	}
	return out
}

// userPools registers one AgentPool per user pool.
func (b *builder) userPools(mc *containerservice.ManagedCluster) error {
	for _, p := range b.spec.UserPools {
		args := agentPoolArgs(b.profile(p, "User"))
		args.ResourceGroupName = b.args.ResourceGroupName
		args.ResourceName = mc.Name
		if _, err := containerservice.NewAgentPool(b.ctx, b.name+"-pool-"+p.Name, args,
			b.parent, pulumi.IgnoreChanges(b.spec.poolIgnoreChanges(p))); err != nil {
			return err
		}
	}
	return nil
}

// versionsMoveByThemselves reports whether the auto-upgrade channel changes Kubernetes minor
// versions (stable, rapid). patch only moves patches, which a "major.minor" version in config
// (required with patch) does not fight; node-image and none leave versions to config.
func (s Spec) versionsMoveByThemselves() bool {
	return s.UpgradeChannel == ChannelStable || s.UpgradeChannel == ChannelRapid
}

// clusterIgnoreChanges lists the ManagedCluster properties AKS itself changes.
func (s Spec) clusterIgnoreChanges() []string {
	var out []string
	if s.SystemPool.Autoscaled() {
		out = append(out, "agentPoolProfiles[0].count")
	}
	if s.versionsMoveByThemselves() {
		out = append(out, "kubernetesVersion", "agentPoolProfiles[0].orchestratorVersion")
	}
	return out
}

// poolIgnoreChanges lists the AgentPool properties AKS itself changes.
func (s Spec) poolIgnoreChanges(p NodePool) []string {
	var out []string
	if p.Autoscaled() {
		out = append(out, "count")
	}
	if s.versionsMoveByThemselves() {
		out = append(out, "orchestratorVersion")
	}
	return out
}
