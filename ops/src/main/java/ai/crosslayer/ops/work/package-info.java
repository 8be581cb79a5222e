/** The threads periodic jobs run on, sized in configuration (issue 11 item 7, issue 19). */
package ai.crosslayer.ops.work;
