// Warden's public API: load rules, scan paths or buffers, iterate findings, write reports.
#pragma once
#include "warden/finding.hpp"
#include "warden/report.hpp"
#include "warden/rules.hpp"
#include "warden/scanner.hpp"
#include "warden/version.hpp"
