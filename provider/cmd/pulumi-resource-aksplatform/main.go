// Command pulumi-resource-aksplatform is the aksplatform Pulumi plugin: the engine starts it
// to read the package schema and to construct the platform's components for programs in
// every Pulumi language.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aksplatform/platform/provider"
)

func main() {
	if err := provider.Run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
