package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/blang/semver"
	"github.com/hashicorp/hcl/v2"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// The second half of `pulumi convert`: a PCL program bound against the schema and written in each
// language by the program generators the language hosts of this release use behind GenerateProgram.
var programGenerators = []struct {
	language string
	file     string
	generate func(*pcl.Program) (map[string][]byte, hcl.Diagnostics, error)
}{
	{"typescript", "index.ts", nodejs.GenerateProgram},
	{"python", "__main__.py", python.GenerateProgram},
	{"go", "main.go", gogen.GenerateProgram},
}

// generatePrograms reads {"<name>": "<PCL>"} from in and writes {"<name>": {"<language>": "<program>"}} to out.
func generatePrograms(schemaPath, in, out string) error {
	text, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
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
	text, err = os.ReadFile(in)
	if err != nil {
		return err
	}
	var sources map[string]string
	if err := json.Unmarshal(text, &sources); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	result := map[string]map[string]string{}
	for name, source := range sources {
		programs, err := generateProgram(source, onePackage{pkg})
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		result[name] = programs
	}
	text, err = json.MarshalIndent(result, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(out, append(text, '\n'), 0o644)
}

func generateProgram(source string, loader schema.Loader) (map[string]string, error) {
	parser := syntax.NewParser()
	if err := parser.ParseFile(strings.NewReader(source), "main.pp"); err != nil {
		return nil, err
	}
	if parser.Diagnostics.HasErrors() {
		return nil, parser.Diagnostics
	}
	program, diags, err := pcl.BindProgram(parser.Files, loader)
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, diags
	}
	programs := map[string]string{}
	for _, g := range programGenerators {
		files, diags, err := g.generate(program)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", g.language, err)
		}
		if diags.HasErrors() {
			return nil, fmt.Errorf("%s: %w", g.language, diags)
		}
		if len(files) != 1 || files[g.file] == nil {
			return nil, fmt.Errorf("%s: expected the one file %s, got %d files", g.language, g.file, len(files))
		}
		programs[g.language] = string(files[g.file])
	}
	return programs, nil
}

// onePackage loads the schema's own package and no other.
type onePackage struct{ pkg *schema.Package }

func (l onePackage) LoadPackage(name string, version *semver.Version) (*schema.Package, error) {
	if name == l.pkg.Name {
		return l.pkg, nil
	}
	return noDependencies{}.LoadPackage(name, version)
}

func (l onePackage) LoadPackageV2(ctx context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, d.Version)
}
