// Command schemagen writes provider/schema.json from the provider; `go generate ./provider/...`
// runs it after regenerating the boundary types.
package main

import (
	"context"
	"log"
	"os"

	"github.com/aksplatform/platform/provider"
)

func main() {
	schema, err := provider.Schema(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("schema.json", schema, 0o644); err != nil {
		log.Fatal(err)
	}
}
