package conformance

import (
	"context"
	"fmt"
	"net/http"

	"github.com/aksplatform/platform/components/frontdoor"
)

// probes sends Front Door's health probe (frontdoor.HealthProbeMethod on the probe path) to
// each target: through Front Door, which shows the whole path clients take, and directly to
// the region's origin with the site's Host header, which shows whether the region itself
// answers (from outside, the origin admits only Front Door: run it from inside the network).
// A 2xx passes; any other status fails; no answer at all is an error.
func probes(ctx context.Context, client *http.Client, region string, ps []Probe) []Result {
	out := make([]Result, 0, len(ps))
	for _, p := range ps {
		r := Result{Name: p.Name, Region: region,
			Expected: fmt.Sprintf("%s %s with Host %s answers 2xx", frontdoor.HealthProbeMethod, p.URL, p.Host)}
		req, err := http.NewRequestWithContext(ctx, frontdoor.HealthProbeMethod, p.URL, nil)
		if err != nil {
			r.Status, r.Found = Error, err.Error()
			out = append(out, r)
			continue
		}
		req.Host = p.Host
		resp, err := client.Do(req)
		if err != nil {
			r.Status, r.Found = Error, "no answer: "+err.Error()
			out = append(out, r)
			continue
		}
		_ = resp.Body.Close()
		r.Status, r.Found = Fail, "HTTP "+resp.Status
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			r.Status = Pass
		}
		out = append(out, r)
	}
	return out
}
