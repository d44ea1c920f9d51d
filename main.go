// The program behind `pulumi up -s dev` and `pulumi up -s prod`: it reads the stack's config
// (Pulumi.<stack>.yaml), validates it and builds every region.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/stacks"
)

func main() {
	pulumi.Run(stacks.Run)
}
