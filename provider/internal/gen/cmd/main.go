// Command gen writes provider/zz_generated.go; run it with `go generate ./provider/...`.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/aksplatform/platform/provider/internal/gen"
)

func main() {
	root := flag.String("root", "..", "the module's root directory")
	out := flag.String("out", "zz_generated.go", "the file to write")
	flag.Parse()
	src, err := gen.Generate(*root)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}
