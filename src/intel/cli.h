/* SPDX-License-Identifier: GPL-2.0-only */
/* `khien intel check|lookup|sightings`: feed validation, lookups and the STIX sighting export. */
#ifndef KH_INTEL_CLI_H
#define KH_INTEL_CLI_H

/* argv[0] is "intel"; returns the process exit code. */
int intel_cli_main(int argc, char **argv);

#endif
