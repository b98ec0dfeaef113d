# Build one probe and check the outcome. -DBUILD_DIR=… -DTARGET=… -DEXPECT=<regular expression
# the failed build must print>, or an empty EXPECT when the probe must build.
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BUILD_DIR}" --target "${TARGET}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(EXPECT STREQUAL "")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${TARGET} keeps the layer rules but did not build:\n${out}")
  endif()
  message(STATUS "${TARGET} built, as it should")
elseif(rc EQUAL 0)
  message(FATAL_ERROR "${TARGET} breaks a layer rule but built: the boundary is not enforced")
elseif(NOT out MATCHES "${EXPECT}")
  message(FATAL_ERROR "${TARGET} failed, but not with \"${EXPECT}\":\n${out}")
else()
  message(STATUS "${TARGET} refused, as it should: ${CMAKE_MATCH_0}")
endif()
