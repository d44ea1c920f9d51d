// Command policy is the aks-platform-guardrails CrossGuard policy pack: the rules of
// policy/rules served to the Pulumi engine through policyx.
//
// The engine starts it with its own address as the only argument, reads the port of the
// analyzer's gRPC server from the first line of stdout, and calls Handshake, ConfigureStack,
// GetAnalyzerInfo, Configure, Analyze and AnalyzeStack. policyx serves those calls; a guard
// server in front of it (guard.go) covers the known gaps of policyx.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "aks-platform-guardrails:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	proj, err := loadProject()
	if err != nil {
		return err
	}
	engineAddr := ""
	if len(args) > 0 {
		engineAddr = args[0]
	}
	store := &optionStore{}
	stdout, innerPort, err := startPolicyx(func(ctx *pulumi.Context) (policyx.PolicyPack, error) {
		return newPack(ctx, store)
	})
	if err != nil {
		return err
	}
	conn, err := grpc.NewClient("127.0.0.1:"+strconv.Itoa(innerPort),
		grpc.WithTransportCredentials(insecure.NewCredentials()), rpcutil.GrpcChannelOptions())
	if err != nil {
		return err
	}
	defer conn.Close()

	g := newGuard(pulumirpc.NewAnalyzerClient(conn), store, engineAddr, proj.Description)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterAnalyzerServer(srv, g)
			return nil
		},
	})
	if err != nil {
		return err
	}
	// The analyzer protocol: the first line on stdout is the port the engine connects to.
	if _, err := fmt.Fprintf(stdout, "%d\n", handle.Port); err != nil {
		return err
	}
	return <-handle.Done
}

// startPolicyx runs policyx.Main in this process and returns the real stdout and the port
// policyx listens on. policyx prints its port to os.Stdout, which must not reach the engine,
// so os.Stdout is a pipe from here on; whatever else is written to it goes to stderr.
func startPolicyx(factory func(*pulumi.Context) (policyx.PolicyPack, error)) (*os.File, int, error) {
	stdout := os.Stdout
	r, w, err := os.Pipe()
	if err != nil {
		return nil, 0, err
	}
	os.Stdout = w

	done := make(chan error, 1)
	go func() { done <- policyx.Main(factory) }()
	lines := make(chan string, 1)
	go func() {
		br := bufio.NewReader(r)
		line, _ := br.ReadString('\n')
		lines <- line
		_, _ = io.Copy(os.Stderr, br)
	}()

	select {
	case line := <-lines:
		port, err := strconv.Atoi(strings.TrimSpace(line))
		if err != nil {
			return nil, 0, fmt.Errorf("policyx printed %q instead of its port", line)
		}
		go func() {
			// policyx serves until the process ends; if it stops, so does the pack.
			err := <-done
			fmt.Fprintln(os.Stderr, "aks-platform-guardrails: policyx server stopped:", err)
			os.Exit(1)
		}()
		return stdout, port, nil
	case err := <-done:
		return nil, 0, fmt.Errorf("policyx: %w", err)
	}
}
