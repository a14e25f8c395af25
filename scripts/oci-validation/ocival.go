// ocival: the two halves of the OCI runtime-tools validation suite that
// Debian ships as libraries (golang-github-opencontainers-runtime-tools-dev
// has generate/ and validate/, not validation/ or cmd/), for
// scripts/oci-validation.sh:
//
//	ocival spec ARG...    the suite's default config (generate.New), process.args ARG...
//	ocival validate DIR   the bundle checked as `oci-runtime-tool validate` does
package main

import (
	"fmt"
	"os"

	"github.com/hashicorp/go-multierror"
	"github.com/opencontainers/runtime-tools/generate"
	"github.com/opencontainers/runtime-tools/validate"
	"github.com/xeipuuv/gojsonschema"
)

// The schema Debian ships with the spec's Go types (golang-github-
// opencontainers-specs-dev): validate's own schema check fetches it from
// the network.
const schema = "file:///usr/share/gocode/src/github.com/opencontainers/runtime-spec/schema/config-schema.json"

func spec(args []string) error {
	g, err := generate.New("linux")
	if err != nil {
		return err
	}
	g.SetProcessArgs(args)
	return g.Save(os.Stdout, generate.ExportOptions{})
}

// check: validate.CheckAll with the schema read locally; every error printed.
func check(dir string) error {
	v, err := validate.NewValidatorFromPath(dir, true, "linux")
	if err != nil {
		return err
	}
	res, err := gojsonschema.Validate(gojsonschema.NewReferenceLoader(schema),
		gojsonschema.NewReferenceLoader("file://"+dir+"/config.json"))
	if err != nil {
		return err
	}
	n := 0
	for _, e := range res.Errors() {
		fmt.Fprintf(os.Stderr, "ocival: schema: %s\n", e)
		n++
	}
	for _, f := range []func() error{v.CheckPlatform, v.CheckRoot, v.CheckMandatoryFields,
		v.CheckSemVer, v.CheckMounts, v.CheckProcess, v.CheckLinux, v.CheckAnnotations, v.CheckHooks} {
		// Most checks return an empty *multierror.Error for none.
		err := f()
		if m, ok := err.(*multierror.Error); ok {
			err = m.ErrorOrNil()
		}
		if m, ok := err.(*multierror.Error); ok {
			for _, e := range m.Errors {
				fmt.Fprintf(os.Stderr, "ocival: %v\n", e)
				n++
			}
		} else if err != nil {
			fmt.Fprintf(os.Stderr, "ocival: %v\n", err)
			n++
		}
	}
	if n > 0 {
		return fmt.Errorf("%s: %d check(s) failed", dir, n)
	}
	return nil
}

func main() {
	var err error

	switch {
	case len(os.Args) > 2 && os.Args[1] == "spec":
		err = spec(os.Args[2:])
	case len(os.Args) == 3 && os.Args[1] == "validate":
		err = check(os.Args[2])
	default:
		fmt.Fprintln(os.Stderr, "usage: ocival spec ARG... | ocival validate BUNDLE")
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "ocival: %v\n", err)
		os.Exit(1)
	}
}
