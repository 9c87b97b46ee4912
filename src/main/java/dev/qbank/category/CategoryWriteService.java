package dev.qbank.category;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.conditional.Preconditions;
import dev.qbank.api.conditional.Representations;
import dev.qbank.api.media.MergePatch;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.api.problem.ProblemType;
import dev.qbank.db.Conflicts;
import dev.qbank.webhook.EventType;
import dev.qbank.webhook.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.Set;

/**
 * The admin's writes to categories; the same rules as questions' (row lock, then If-Match, then the write and its
 * outbox event in one transaction). A category with live questions cannot be deleted (409); one without is
 * soft-deleted, so that deleted questions keep their category.
 */
@ApplicationScoped
@Transactional
public class CategoryWriteService {

    private final EntityManager em;
    private final CategoryService categories;
    private final Representations representations;
    private final ObjectMapper mapper;
    private final Validator validator;
    private final Outbox outbox;

    public CategoryWriteService(
            EntityManager em,
            CategoryService categories,
            Representations representations,
            ObjectMapper mapper,
            Validator validator,
            Outbox outbox) {
        this.em = em;
        this.categories = categories;
        this.representations = representations;
        this.mapper = mapper;
        this.validator = validator;
        this.outbox = outbox;
    }

    public CategoryView create(CategoryWrite.NewCategory request) {
        // Serializes category creations (the default position is "after the last").
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('qbank.categories'))")
                .getSingleResult();
        if (Category.findBySlug(request.slug()).isPresent()) {
            throw new ProblemException(
                    ProblemType.CONFLICT, "A category with the slug '" + request.slug() + "' already exists.");
        }
        Category category = new Category();
        category.slug = request.slug();
        category.markCreated();
        apply(category, request.fields());
        em.persist(category);
        Conflicts.flush(em, "Another category has this slug, name or position.");
        CategoryView view = CategoryView.of(category, 0);
        outbox.publish(EventType.CATEGORY_CREATED, null, view);
        return view;
    }

    public CategoryView replace(String slug, String ifMatch, CategoryWrite write) {
        Category category = lockLive(slug);
        Preconditions.requireMatch(ifMatch, etag(category), "category " + slug);
        return update(category, write);
    }

    public CategoryView merge(String slug, String ifMatch, JsonNode patch) {
        Category category = lockLive(slug);
        Preconditions.requireMatch(ifMatch, etag(category), "category " + slug);
        CategoryWrite write;
        try {
            write = mapper.treeToValue(
                    MergePatch.apply(mapper.valueToTree(CategoryWrite.of(category)), patch), CategoryWrite.class);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalidParam("body", "the patched category is not valid: " + e.getOriginalMessage());
        }
        Set<ConstraintViolation<CategoryWrite>> violations = validator.validate(write);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return update(category, write);
    }

    public void delete(String slug, String ifMatch) {
        Category category = lockLive(slug);
        long questions = categories.questionCount(category);
        CategoryView last = CategoryView.of(category, questions);
        Preconditions.checkMatch(ifMatch, representations.of(last).etag(), "category " + slug);
        if (questions > 0) {
            throw new ProblemException(
                    ProblemType.CONFLICT,
                    "Category '" + slug + "' still holds " + questions + " question(s); move or delete them first.");
        }
        category.markDeleted();
        outbox.publish(EventType.CATEGORY_DELETED, null, last);
    }

    private CategoryView update(Category category, CategoryWrite write) {
        apply(category, write);
        category.markUpdated();
        Conflicts.flush(em, "Another category has this name or position.");
        CategoryView view = CategoryView.of(category, categories.questionCount(category));
        outbox.publish(EventType.CATEGORY_UPDATED, null, view);
        return view;
    }

    private void apply(Category category, CategoryWrite write) {
        String name = write.name().strip();
        Long sameName = em.createQuery("""
                        select count(c) from Category c
                        where lower(c.name) = lower(:name) and c.deletedAt is null and c.slug <> :slug""", Long.class)
                .setParameter("name", name)
                .setParameter("slug", category.slug)
                .getSingleResult();
        if (sameName > 0) {
            throw new ProblemException(ProblemType.CONFLICT, "Another category is already named '" + name + "'.");
        }
        if (write.position() != null && write.position() != category.position) {
            Long taken = em.createQuery(
                            "select count(c) from Category c where c.position = :position and c.deletedAt is null",
                            Long.class)
                    .setParameter("position", write.position())
                    .getSingleResult();
            if (taken > 0) {
                throw new ProblemException(
                        ProblemType.CONFLICT, "Position " + write.position() + " is taken by another category.");
            }
            category.position = write.position();
        } else if (write.position() == null && category.id == null) {
            category.position = ((Number) em.createNativeQuery(
                                    "SELECT coalesce(max(position), 0) + 1 FROM categories WHERE deleted_at IS NULL")
                            .getSingleResult())
                    .intValue();
        }
        category.name = name;
        category.description = write.description().strip();
    }

    private String etag(Category category) {
        return representations
                .of(CategoryView.of(category, categories.questionCount(category)))
                .etag();
    }

    /** The live category, its row locked until commit (question writes share-lock it, so they wait). */
    private Category lockLive(String slug) {
        return Category.findBySlug(slug, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("No category with slug '" + slug + "'."));
    }
}
