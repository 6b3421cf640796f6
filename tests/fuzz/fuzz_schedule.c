/* fuzz_schedule.c: schedule specs (schedule=NAME[:p=v,...]) and the other
 * name=value items of a setup (hyper-parameters, x0). */
#include "fuzz.h"
#include "optref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static optref_setup *s;
    char *item = fuzz_string(data, size, 6), err[1024], *full;
    if (!item)
        return 0;
    if (!s && optref_setup_new(&s, "adam", NULL, "quad-0.1-2", err, sizeof err) != OPTREF_SUCCESS)
        abort();
    /* as a schedule spec, and as any item as given */
    if (!(full = malloc(size + 10)))
        abort();
    snprintf(full, size + 10, "schedule=%s", item);
    if (optref_setup_set(s, full, err, sizeof err) != OPTREF_SUCCESS && strchr(err, '\n'))
        abort();
    if (optref_setup_set(s, item, err, sizeof err) != OPTREF_SUCCESS && strchr(err, '\n'))
        abort();
    free(full);
    free(item);
    return 0;
}
