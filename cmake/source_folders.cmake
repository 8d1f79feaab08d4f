# Include paths per target, not one for the whole tree (issue 11;
# docs/architecture.md §2.6). Sources keep including from the repository
# root ("common/db/row.h"), but a target finds only the folders its own
# sources are in and, through PUBLIC, the folders of the libraries it
# links. So an include of a layer the target does not link fails to build:
#   fatal error: member-svc/src/app/member_reads.h: No such file or directory
#
# Each target gets build/include/<target>/, holding a symbolic link per
# source folder (build/include/card_store/card-svc/src/store →
# card-svc/src/store). Header-only folders join through an INTERFACE
# library that names them in UNIONCARD_HEADER_FOLDERS.

function(unioncard_collect_targets dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    unioncard_collect_targets(${sub} more)
    list(APPEND targets ${more})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

# The repository folders of `target`'s own sources (generated ones aside).
function(unioncard_source_folders target out)
  get_target_property(sources ${target} SOURCES)
  get_target_property(source_dir ${target} SOURCE_DIR)
  set(folders "")
  foreach(src IN LISTS sources)
    if(NOT IS_ABSOLUTE "${src}")
      set(src "${source_dir}/${src}")
    endif()
    file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR} "${src}")
    if(rel MATCHES "^\\.\\./" OR rel MATCHES "^build")
      continue()
    endif()
    get_filename_component(folder "${rel}" DIRECTORY)
    if(NOT folder STREQUAL "")
      list(APPEND folders "${folder}")
    endif()
  endforeach()
  set(${out} ${folders} PARENT_SCOPE)
endfunction()

# Links `folders` under build/include/<target>/ and adds that to the
# target's include path with `scope`.
function(unioncard_expose_folders target scope folders)
  list(REMOVE_DUPLICATES folders)
  list(SORT folders)
  set(base ${CMAKE_BINARY_DIR}/include/${target})
  file(REMOVE_RECURSE ${base})
  set(linked "")
  foreach(folder IN LISTS folders)
    # A folder under one already linked is reached through it.
    set(covered FALSE)
    foreach(parent IN LISTS linked)
      string(FIND "${folder}/" "${parent}/" at)
      if(at EQUAL 0)
        set(covered TRUE)
      endif()
    endforeach()
    if(covered)
      continue()
    endif()
    get_filename_component(parent_dir ${base}/${folder} DIRECTORY)
    file(MAKE_DIRECTORY ${parent_dir})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${folder} ${base}/${folder} SYMBOLIC)
    list(APPEND linked ${folder})
  endforeach()
  target_include_directories(${target} ${scope} ${base})
endfunction()

function(unioncard_expose_source_folders)
  unioncard_collect_targets(${PROJECT_SOURCE_DIR} targets)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "UTILITY")
      continue()
    elseif(type STREQUAL "INTERFACE_LIBRARY")
      get_target_property(folders ${target} UNIONCARD_HEADER_FOLDERS)
      if(folders)
        unioncard_expose_folders(${target} INTERFACE "${folders}")
      endif()
      continue()
    endif()
    unioncard_source_folders(${target} folders)
    if(NOT folders)
      continue()
    endif()
    if(type STREQUAL "EXECUTABLE")
      unioncard_expose_folders(${target} PRIVATE "${folders}")
    else()
      unioncard_expose_folders(${target} PUBLIC "${folders}")
    endif()
  endforeach()
endfunction()
