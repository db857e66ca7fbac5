// Command gen-sdk writes the Node.js, Python and Go SDKs of a Pulumi package schema, and programs from
// PCL (programs.go), with the code generators of the pinned Pulumi release. `pulumi package gen-sdk` and
// `pulumi convert` cannot do it here: they ask each language host to generate, and the hosts that can be
// built from the Go module proxy are too old to implement GeneratePackage and GenerateProgram.
//
//	gen-sdk <schema.json> <out-dir>                   writes <out-dir>/nodejs, <out-dir>/python, <out-dir>/go
//	gen-sdk programs <schema.json> <in.json> <out.json>   PCL programs to TypeScript, Python and Go
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-alicloud-dbs gen-sdk"

var generators = []struct {
	language string
	generate func(*schema.Package) (map[string][]byte, error)
}{
	{"nodejs", func(p *schema.Package) (map[string][]byte, error) {
		return nodejs.GeneratePackage(tool, p, nil, nil, false, noDependencies{})
	}},
	{"python", func(p *schema.Package) (map[string][]byte, error) {
		return python.GeneratePackage(tool, p, nil, noDependencies{})
	}},
	{"go", func(p *schema.Package) (map[string][]byte, error) { return gogen.GeneratePackage(tool, p, nil) }},
}

func main() {
	var err error
	switch {
	case len(os.Args) == 5 && os.Args[1] == "programs":
		err = generatePrograms(os.Args[2], os.Args[3], os.Args[4])
	case len(os.Args) == 3:
		err = run(os.Args[1], os.Args[2])
	default:
		fmt.Fprintln(os.Stderr, "usage: gen-sdk <schema.json> <out-dir> | gen-sdk programs <schema.json> <in.json> <out.json>")
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "gen-sdk: %v\n", err)
		os.Exit(1)
	}
}

func run(schemaPath, outDir string) error {
	text, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	for _, g := range generators {
		// A generator records its language's options in the package, so each one gets a fresh binding.
		var spec schema.PackageSpec
		if err := json.Unmarshal(text, &spec); err != nil {
			return fmt.Errorf("%s: %w", schemaPath, err)
		}
		pkg, diags, err := schema.BindSpec(spec, noDependencies{}, schema.ValidationOptions{})
		if err != nil {
			return fmt.Errorf("%s: %w", schemaPath, err)
		}
		if diags.HasErrors() {
			return fmt.Errorf("%s: %w", schemaPath, diags)
		}
		files, err := g.generate(pkg)
		if err != nil {
			return fmt.Errorf("%s SDK: %w", g.language, err)
		}
		dir := filepath.Join(outDir, g.language)
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		for name, content := range files {
			file := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(file, content, 0o644); err != nil {
				return err
			}
		}
		fmt.Printf("%s: %d files in %s\n", g.language, len(files), dir)
	}
	return nil
}

// noDependencies loads no other package: the schemas we generate from reference none.
type noDependencies struct{}

func refuse(name string) error {
	return fmt.Errorf("the schema references package %q; gen-sdk supports self-contained schemas only", name)
}

func (noDependencies) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, refuse(name)
}

func (noDependencies) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, refuse(d.Name)
}

func (noDependencies) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, refuse(name)
}

func (noDependencies) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, refuse(d.Name)
}
