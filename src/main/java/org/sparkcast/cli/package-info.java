/**
 * The command line: {@code sparkcast <command>} with one class per command. Maps failures to a
 * one-line message and a distinct exit code; the only package that prints to standard output.
 */
package org.sparkcast.cli;
