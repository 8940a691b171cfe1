# Writes a C++ file of QT_TRANSLATE_NOOP("Rules", …) entries for the title, message and
# guidance of every rule of a pack, so that lupdate extracts them into
# translations/kmw_rules_fr.ts. Called at configure time; the pack is a configure
# dependency, so editing it regenerates the file.
function(kmw_write_rule_strings pack output)
  file(READ "${pack}" json)
  string(JSON count LENGTH "${json}" rules)
  set(body "// Generated from ${pack} by app/rule_strings.cmake: do not edit.\n#include <QtGlobal>\n\nconst char *const kmwRuleStrings[] = {\n")
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    foreach(key title message guidance)
      string(JSON text ERROR_VARIABLE missing GET "${json}" rules ${i} ${key})
      if(missing OR text STREQUAL "")
        continue()
      endif()
      string(REPLACE "\\" "\\\\" text "${text}")
      string(REPLACE "\"" "\\\"" text "${text}")
      string(REPLACE "\n" "\\n" text "${text}")
      string(APPEND body "    QT_TRANSLATE_NOOP(\"Rules\", \"${text}\"),\n")
    endforeach()
  endforeach()
  string(APPEND body "};\n\n// Keeps the table in the library.\nint kmwRuleStringCount() { return int(sizeof(kmwRuleStrings) / sizeof(kmwRuleStrings[0])); }\n")
  file(CONFIGURE OUTPUT "${output}" CONTENT "${body}" @ONLY)
endfunction()
