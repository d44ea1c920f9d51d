// Command embed deploys the platform from another Go tool through the Automation API: it
// loads a stack file into a stacks.Environment, edits it in Go, and runs stacks.Program as an
// inline program. `go run ./examples/embed -stack dev -config Pulumi.dev.yaml` previews;
// -up deploys (needs the Pulumi CLI, a backend login and Azure credentials).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"

	"github.com/aksplatform/platform/stacks"
)

func main() {
	stack := flag.String("stack", "dev", "the stack to preview or deploy")
	config := flag.String("config", "Pulumi.dev.yaml", "the stack file holding the aks-platform config")
	owner := flag.String("owner", "", "replace the owner tag (an edit made in Go)")
	up := flag.Bool("up", false, "deploy instead of previewing")
	flag.Parse()
	if err := run(context.Background(), *stack, *config, *owner, *up); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(ctx context.Context, stackName, config, owner string, up bool) error {
	env, err := stacks.LoadFile(config)
	if err != nil {
		return err
	}
	if owner != "" {
		env.Tags["owner"] = owner // Program validates the environment as edited
	}
	s, err := auto.UpsertStackInlineSource(ctx, stackName, stacks.Project, stacks.Program(env))
	if err != nil {
		return err
	}
	if !up {
		res, err := s.Preview(ctx, optpreview.ProgressStreams(os.Stdout))
		if err != nil {
			return err
		}
		fmt.Println(res.ChangeSummary)
		return nil
	}
	res, err := s.Up(ctx, optup.ProgressStreams(os.Stdout))
	if err != nil {
		return err
	}
	for name, out := range res.Outputs {
		if !out.Secret {
			fmt.Printf("%s: %v\n", name, out.Value)
		}
	}
	return nil
}
