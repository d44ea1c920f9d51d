package aks

import (
	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
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

// poolInputs are the settings the inline system pool and an AgentPool resource share.
type poolInputs struct {
	count, minCount, maxCount pulumi.IntPtrInput
	autoscale                 pulumi.BoolPtrInput
	zones                     pulumi.StringArrayInput
	labels                    pulumi.StringMapInput
	taints                    pulumi.StringArrayInput
	version                   pulumi.StringPtrInput
	upgrade                   *containerservice.AgentPoolUpgradeSettingsArgs
}

// inputs maps a pool onto its shared settings. The Kubernetes version follows the control
// plane's unless the pool pins one, so that a version bump in config upgrades every pool.
func (b *builder) inputs(p NodePool) poolInputs {
	in := poolInputs{
		count:     pulumi.Int(p.Count),
		autoscale: pulumi.Bool(p.Autoscaled()),
		zones:     pulumi.ToStringArray(p.Zones),
		labels:    pulumi.ToStringMap(p.Labels),
		taints:    pulumi.ToStringArray(p.Taints),
		version:   optString(b.spec.KubernetesVersion),
		upgrade:   &containerservice.AgentPoolUpgradeSettingsArgs{MaxSurge: pulumi.String(p.MaxSurge)},
	}
	if len(p.Zones) == 0 {
		in.zones = nil
	}
	if len(p.Labels) == 0 {
		in.labels = nil
	}
	if len(p.Taints) == 0 {
		in.taints = nil
	}
	if p.Autoscaled() {
		in.minCount = pulumi.Int(p.MinCount)
		in.maxCount = pulumi.Int(p.MaxCount)
	}
	if p.OrchestratorVersion != "" {
		in.version = pulumi.String(p.OrchestratorVersion)
	}
	return in
}

// systemPoolProfile is the inline system pool: mode System, critical add-ons only.
func (b *builder) systemPoolProfile() *containerservice.ManagedClusterAgentPoolProfileArgs {
	p := b.spec.SystemPool
	in := b.inputs(p)
	return &containerservice.ManagedClusterAgentPoolProfileArgs{
		Name:                pulumi.String(p.Name),
		Mode:                pulumi.String("System"),
		Type:                pulumi.String("VirtualMachineScaleSets"),
		VmSize:              pulumi.String(p.VMSize),
		OsType:              pulumi.String(string(p.OSType)),
		OsDiskType:          pulumi.String(string(p.OSDiskType)),
		OsDiskSizeGB:        pulumi.Int(p.OSDiskSizeGB),
		MaxPods:             pulumi.Int(p.MaxPods),
		VnetSubnetID:        b.args.NodeSubnetID,
		Count:               in.count,
		EnableAutoScaling:   in.autoscale,
		MinCount:            in.minCount,
		MaxCount:            in.maxCount,
		AvailabilityZones:   in.zones,
		NodeLabels:          in.labels,
		NodeTaints:          in.taints,
		OrchestratorVersion: in.version,
		UpgradeSettings:     in.upgrade,
		Tags:                b.args.Tags,
	}
}

// userPools registers one AgentPool per user pool.
func (b *builder) userPools(mc *containerservice.ManagedCluster) error {
	for _, p := range b.spec.UserPools {
		in := b.inputs(p)
		_, err := containerservice.NewAgentPool(b.ctx, b.name+"-pool-"+p.Name, &containerservice.AgentPoolArgs{
			ResourceGroupName:   b.args.ResourceGroupName,
			ResourceName:        mc.Name,
			AgentPoolName:       pulumi.String(p.Name),
			Mode:                pulumi.String("User"),
			Type:                pulumi.String("VirtualMachineScaleSets"),
			VmSize:              pulumi.String(p.VMSize),
			OsType:              pulumi.String(string(p.OSType)),
			OsDiskType:          pulumi.String(string(p.OSDiskType)),
			OsDiskSizeGB:        pulumi.Int(p.OSDiskSizeGB),
			MaxPods:             pulumi.Int(p.MaxPods),
			VnetSubnetID:        b.args.NodeSubnetID,
			Count:               in.count,
			EnableAutoScaling:   in.autoscale,
			MinCount:            in.minCount,
			MaxCount:            in.maxCount,
			AvailabilityZones:   in.zones,
			NodeLabels:          in.labels,
			NodeTaints:          in.taints,
			OrchestratorVersion: in.version,
			UpgradeSettings:     in.upgrade,
			Tags:                b.args.Tags,
		}, b.parent, pulumi.IgnoreChanges(b.spec.poolIgnoreChanges(p)))
		if err != nil {
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
