// Command aksplatform plans the platform offline and checks it against the policy pack.
//
//	aksplatform plan                      # the dev stack from Pulumi.dev.yaml
//	aksplatform plan --stack prod --policy
//	aksplatform plan --config my.yaml --format mermaid
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
	root.AddCommand(newPlanCommand())
	return root
}
