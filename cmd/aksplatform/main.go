// Command aksplatform plans the platform offline, checks it against the policy pack, and
// previews, deploys and checks for drift across many environments at once.
//
//	aksplatform plan                      # the dev stack from Pulumi.dev.yaml
//	aksplatform plan --stack prod --policy
//	aksplatform plan --config my.yaml --format mermaid
//	aksplatform fleet plan --policy       # every environment of fleet.yaml, offline
//	aksplatform fleet drift --label tier=prod
//	aksplatform conformance --stack prod --region westeurope
//	aksplatform fleet conformance
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

func main() {
	if err := newRootCommand().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "aksplatform",
		Short:         "Plan and check the AKS platform stacks",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newPlanCommand(), newFleetCommand(), newConformanceCommand(), newUpgradeCommand())
	return root
}
