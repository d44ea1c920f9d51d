package monitoring

import (
	"slices"
	"strconv"
	"strings"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/validation"
)

// Container Insights streams a data collection rule may send, as the ContainerInsights
// extension names them. GroupDefault is the recommended set (ContainerLogV2, KubeEvents, the
// inventories, Perf, InsightsMetrics, ...); the others pick single tables.
// https://learn.microsoft.com/azure/azure-monitor/containers/container-insights-cost-config
const StreamGroupDefault = "Microsoft-ContainerInsights-Group-Default"

var knownStreams = []string{
	StreamGroupDefault,
	"Microsoft-ContainerLogV2", "Microsoft-KubeEvents", "Microsoft-KubePodInventory",
	"Microsoft-KubeNodeInventory", "Microsoft-KubePVInventory", "Microsoft-KubeServices",
	"Microsoft-KubeMonAgentEvents", "Microsoft-InsightsMetrics", "Microsoft-ContainerInventory",
	"Microsoft-ContainerNodeInventory", "Microsoft-Perf",
}

// DevStreams is the dev default: Azure's "Logs and events" cost preset, container logs, events
// and pod inventory, without the performance and inventory tables that dominate ingestion.
var DevStreams = []string{"Microsoft-ContainerLogV2", "Microsoft-KubeEvents", "Microsoft-KubePodInventory"}

// DevExcludedNamespaces are the system namespaces Azure's "Cost-optimized" preset leaves out.
var DevExcludedNamespaces = []string{"kube-system", "gatekeeper-system", "azure-arc"}

// Namespace filtering modes of the ContainerInsights extension.
const (
	FilterOff     = "Off"
	FilterInclude = "Include"
	FilterExclude = "Exclude"
)

// ContainerInsightsSpec is what the cluster's monitoring agent collects, through a data
// collection rule (managed-identity auth, no workspace key). JSON names are the config keys
// under aks-platform:monitoring.containerInsights.
type ContainerInsightsSpec struct {
	// Interval is how often performance and inventory data are collected, "1m" to "30m".
	Interval string `json:"interval,omitempty"`
	// Streams are the tables sent to the workspace (StreamGroupDefault or single streams).
	Streams []string `json:"streams,omitempty"`
	// NamespaceFilteringMode is Off, Include or Exclude (the namespaces below).
	NamespaceFilteringMode string `json:"namespaceFilteringMode,omitempty"`
	// Namespaces are included or excluded by NamespaceFilteringMode.
	Namespaces []string `json:"namespaces,omitempty"`
}

// SetDefaults fills what aks-platform:monitoring.containerInsights leaves out (dev / prod).
// Dev collects less to keep ingestion cost down; prod collects the recommended set:
//
//	key                     default
//	interval                5m / 1m
//	streams                 DevStreams / [Microsoft-ContainerInsights-Group-Default]
//	namespaceFilteringMode  Exclude / Off
//	namespaces              DevExcludedNamespaces (with Exclude only) / none
func (s *ContainerInsightsSpec) SetDefaults(production bool) {
	defaults.Set(&s.Interval, defaults.Pick(production, "5m", "1m"))
	if s.Streams == nil {
		s.Streams = slices.Clone(defaults.Pick(production, DevStreams, []string{StreamGroupDefault}))
	}
	mode := s.NamespaceFilteringMode
	defaults.Set(&s.NamespaceFilteringMode, defaults.Pick(production, FilterExclude, FilterOff))
	if mode == "" && s.Namespaces == nil && s.NamespaceFilteringMode == FilterExclude {
		s.Namespaces = slices.Clone(DevExcludedNamespaces)
	}
}

// Validate checks the values the ContainerInsights extension accepts: an interval of 1 to 30
// minutes, known streams, and a namespace list exactly when a filter mode needs one.
// https://learn.microsoft.com/azure/azure-monitor/containers/container-insights-cost-config
func (s ContainerInsightsSpec) Validate(bool) error {
	var ps validation.Problems
	if m, ok := minutes(s.Interval); !ok || m < 1 || m > 30 {
		ps.Addf("interval", "%q must be 1m to 30m (whole minutes)", s.Interval)
	}
	if len(s.Streams) == 0 {
		ps.Addf("streams", "is empty: Container Insights would send nothing; use [%s]", StreamGroupDefault)
	}
	for i, st := range s.Streams {
		if !slices.Contains(knownStreams, st) {
			ps.Addf(validation.Index("streams", i), "%q is not a Container Insights stream (%s)", st, strings.Join(knownStreams, ", "))
		}
	}
	switch s.NamespaceFilteringMode {
	case FilterOff:
		if len(s.Namespaces) > 0 {
			ps.Addf("namespaces", "are ignored with namespaceFilteringMode Off; use Include or Exclude")
		}
	case FilterInclude, FilterExclude:
		if len(s.Namespaces) == 0 {
			ps.Addf("namespaces", "are required with namespaceFilteringMode %s", s.NamespaceFilteringMode)
		}
	default:
		ps.Addf("namespaceFilteringMode", "%q is not one of Off, Include, Exclude", s.NamespaceFilteringMode)
	}
	return ps.Err()
}

// minutes parses "<n>m".
func minutes(s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSuffix(s, "m"))
	return n, err == nil && strings.HasSuffix(s, "m")
}
